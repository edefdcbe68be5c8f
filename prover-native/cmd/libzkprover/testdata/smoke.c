// Drives libzkprover.so through its C ABI exactly as a foreign caller does (dlopen + the documented signatures).
// Usage: smoke LIB IR WITNESS PUBLIC_WITNESS OUTDIR. Prints "OK" on success; exits 1 with a message otherwise.
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int32_t (*info_fn)(uint8_t**, int64_t*, char**);
typedef int32_t (*compile_fn)(const uint8_t*, int64_t, int32_t, int32_t, uint64_t*, char**);
typedef int32_t (*setup_g_fn)(uint64_t, uint64_t*, uint64_t*, char**);
typedef int32_t (*setup_p_fn)(uint64_t, uint64_t, uint64_t*, uint64_t*, char**);
typedef int32_t (*prove_fn)(uint64_t, uint64_t, const uint8_t*, int64_t, int32_t, uint64_t*, char**);
typedef int32_t (*verify_fn)(uint64_t, uint64_t, const uint8_t*, int64_t, int32_t, char**);
typedef int32_t (*write_fn)(uint64_t, const uint8_t*, int64_t, char**);
typedef int32_t (*read_fn)(int32_t, const uint8_t*, int64_t, uint64_t*, char**);
typedef int32_t (*bytes_fn)(uint64_t, uint8_t**, int64_t*, char**);
typedef int32_t (*deser_fn)(int32_t, const uint8_t*, int64_t, uint64_t*, char**);
typedef void (*release_fn)(uint64_t);
typedef void (*free_fn)(void*);

static void* lib;
static free_fn zk_free;
static void* sym(const char* n) {
    void* p = dlsym(lib, n);
    if (!p) { fprintf(stderr, "missing symbol %s\n", n); exit(1); }
    return p;
}
static uint8_t* slurp(const char* path, int64_t* n) {
    FILE* f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot read %s\n", path); exit(1); }
    fseek(f, 0, SEEK_END); *n = ftell(f); fseek(f, 0, SEEK_SET);
    uint8_t* b = malloc(*n); fread(b, 1, *n, f); fclose(f);
    return b;
}
static void expect(int32_t got, int32_t want, char* err, const char* what) {
    if (got != want) {
        fprintf(stderr, "%s: status %d, want %d: %s\n", what, got, want, err ? err : "(no message)");
        exit(1);
    }
    if (want != 0 && err == NULL) { fprintf(stderr, "%s: no error message\n", what); exit(1); }
    if (err) zk_free(err);
}

int main(int argc, char** argv) {
    if (argc != 6) { fprintf(stderr, "usage\n"); return 1; }
    lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
    zk_free = (free_fn)sym("zk_free");
    char* err = NULL;
    uint8_t* out; int64_t outLen;
    { int32_t st_ = ((info_fn)sym("zk_info"))(&out, &outLen, &err); expect(st_, 0, err, "zk_info"); }
    if (!memmem(out, outLen, "\"gnark\":\"v0.16.3\"", 17)) { fprintf(stderr, "zk_info: %.*s\n", (int)outLen, out); return 1; }
    zk_free(out);
    int64_t irLen, wLen, pLen;
    uint8_t* ir = slurp(argv[2], &irLen);
    uint8_t* w = slurp(argv[3], &wLen);
    uint8_t* pw = slurp(argv[4], &pLen);
    release_fn rel = (release_fn)sym("zk_release");
    for (int backend = 1; backend <= 2; backend++) {
        uint64_t cs = 0, pk = 0, vk = 0, proof = 0, vk2 = 0, proof2 = 0;
        { int32_t st_ = ((compile_fn)sym("zk_compile"))(ir, irLen, backend, 0, &cs, &err); expect(st_, 0, err, "zk_compile"); }
        { int32_t st_ = ((bytes_fn)sym("zk_cs_info"))(cs, &out, &outLen, &err); expect(st_, 0, err, "zk_cs_info"); }
        zk_free(out);
        if (backend == 1) { int32_t st_ = ((setup_g_fn)sym("zk_setup_groth16"))(cs, &pk, &vk, &err); expect(st_, 0, err, "setup"); }
        else { int32_t st_ = ((setup_p_fn)sym("zk_setup_plonk"))(cs, 0, &pk, &vk, &err); expect(st_, 0, err, "setup"); }
        { int32_t st_ = ((prove_fn)sym("zk_prove"))(cs, pk, w, wLen, 1, &proof, &err); expect(st_, 0, err, "zk_prove"); }
        { int32_t st_ = ((verify_fn)sym("zk_verify"))(vk, proof, pw, pLen, 1, &err); expect(st_, 0, err, "zk_verify"); }
        // tampered public witness: status 4
        uint8_t* bad = malloc(pLen); memcpy(bad, pw, pLen); bad[pLen - 1] ^= 1;
        { int32_t st_ = ((verify_fn)sym("zk_verify"))(vk, proof, bad, pLen, 1, &err); expect(st_, 4, err, "zk_verify tampered"); }
        free(bad);
        // wrong witness shape: status 1
        { int32_t st_ = ((prove_fn)sym("zk_prove"))(cs, pk, pw, pLen, 1, &proof2, &err); expect(st_, 1, err, "zk_prove public witness"); }
        // file and byte round trips
        char path[4096];
        snprintf(path, sizeof path, "%s/vk-%d", argv[5], backend);
        { int32_t st_ = ((write_fn)sym("zk_write_file"))(vk, (const uint8_t*)path, strlen(path), &err); expect(st_, 0, err, "zk_write_file"); }
        { int32_t st_ = ((read_fn)sym("zk_read_file"))(3, (const uint8_t*)path, strlen(path), &vk2, &err); expect(st_, 0, err, "zk_read_file"); }
        { int32_t st_ = ((bytes_fn)sym("zk_serialize"))(proof, &out, &outLen, &err); expect(st_, 0, err, "zk_serialize"); }
        { int32_t st_ = ((deser_fn)sym("zk_deserialize"))(4, out, outLen, &proof2, &err); expect(st_, 0, err, "zk_deserialize"); }
        zk_free(out);
        { int32_t st_ = ((verify_fn)sym("zk_verify"))(vk2, proof2, pw, pLen, 1, &err); expect(st_, 0, err, "zk_verify reloaded"); }
        { int32_t st_ = ((bytes_fn)sym("zk_object_info"))(vk2, &out, &outLen, &err); expect(st_, 0, err, "zk_object_info"); }
        zk_free(out);
        { int32_t st_ = ((bytes_fn)sym("zk_export_solidity"))(vk, &out, &outLen, &err); expect(st_, 0, err, "zk_export_solidity"); }
        if (!memmem(out, outLen, "pragma solidity", 15)) { fprintf(stderr, "no contract\n"); return 1; }
        zk_free(out);
        { int32_t st_ = ((bytes_fn)sym("zk_proof_solidity"))(proof, &out, &outLen, &err); expect(st_, 0, err, "zk_proof_solidity"); }
        zk_free(out);
        // released and unknown handles: errors, not crashes
        rel(proof);
        { int32_t st_ = ((verify_fn)sym("zk_verify"))(vk, proof, pw, pLen, 1, &err); expect(st_, 1, err, "zk_verify released"); }
        rel(proof);
        { int32_t st_ = ((bytes_fn)sym("zk_cs_info"))(0, &out, &outLen, &err); expect(st_, 1, err, "zk_cs_info(0)"); }
        // null pointers and negative lengths
        { int32_t st_ = ((compile_fn)sym("zk_compile"))(NULL, 10, backend, 0, &cs, &err); expect(st_, 1, err, "zk_compile(NULL)"); }
        { int32_t st_ = ((compile_fn)sym("zk_compile"))(ir, -1, backend, 0, &cs, &err); expect(st_, 1, err, "zk_compile(-1)"); }
        { int32_t st_ = ((compile_fn)sym("zk_compile"))(ir, irLen - 1, backend, 0, &cs, &err); expect(st_, 1, err, "zk_compile(truncated)"); }
        rel(cs); rel(pk); rel(vk); rel(vk2); rel(proof2);
    }
    printf("OK\n");
    return 0;
}
