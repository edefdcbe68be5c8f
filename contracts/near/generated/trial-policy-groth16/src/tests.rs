//! Tests against nearcore's own VM logic (near-sdk `unit-testing`: the real alt_bn128 curve code and mainnet gas
//! parameters). Fixtures: fixtures/*.json in the crate, each `{"proof": HEX, "public_inputs": [DECIMAL...]}` (the
//! `near call` arguments `zkinfer calldata --target near` prints) of a valid proof. ZKINFER_NEAR_REQUIRE_FIXTURE=1
//! makes a missing fixture an error; ZKINFER_NEAR_PROOF=FILE (test `cli_verdict`) prints the verdict on FILE.
use super::*;
use near_sdk::serde_json::{self, Value};
use near_sdk::test_utils::{get_logs, VMContextBuilder};
use near_sdk::{testing_env, Gas};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

struct Args {
    proof: String,
    public_inputs: Vec<String>,
}

fn read_args(path: &PathBuf) -> Args {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {}", path.display(), e));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {}", path.display(), e));
    Args {
        proof: v["proof"].as_str().expect("proof: a hex string").to_string(),
        public_inputs: v["public_inputs"]
            .as_array()
            .expect("public_inputs: an array")
            .iter()
            .map(|x| x.as_str().expect("public input: a decimal string").to_string())
            .collect(),
    }
}

fn fixtures() -> Vec<(String, Args)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect())
        .unwrap_or_default();
    files.sort();
    if files.is_empty() && std::env::var("ZKINFER_NEAR_REQUIRE_FIXTURE").is_ok_and(|v| v == "1") {
        panic!("no fixture in {} (ZKINFER_NEAR_REQUIRE_FIXTURE=1)", dir.display());
    }
    files.iter().map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), read_args(p))).collect()
}

/// A fresh VM context with mainnet's gas parameters: env::used_gas() is then what the call burnt in host functions.
fn fresh(block_height: u64) {
    let store = near_parameters::RuntimeConfigStore::new(None);
    let config = store.get_config(u32::MAX).wasm_config.as_ref().to_owned();
    let config = near_parameters::vm::Config { vm_kind: config.vm_kind.replace_with_wasmtime_if_unsupported(), ..config };
    testing_env!(
        VMContextBuilder::new()
            .predecessor_account_id("agent.near".parse().unwrap())
            .block_height(block_height)
            .prepaid_gas(Gas::from_tgas(300))
            .build(),
        config
    );
}

/// Some(verdict) and the gas used, or None (with the panic message) when the call panicked.
fn verify_call(c: &Contract, proof: &str, inputs: &[String]) -> (Result<bool, String>, u64) {
    fresh(100);
    let r = catch_unwind(AssertUnwindSafe(|| c.verify(proof.to_string(), inputs.to_vec())));
    let gas = env::used_gas().as_gas();
    (r.map_err(|e| panic_message(&e)), gas)
}

fn panic_message(e: &Box<dyn std::any::Any + Send>) -> String {
    e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}

fn tgas(g: u64) -> String {
    format!("{:.2} Tgas", g as f64 / 1e12)
}

fn with_commitment() -> bool {
    key::VERIFYING_KEY.commitment.is_some()
}

fn word_count() -> usize {
    if with_commitment() { 12 } else { 8 }
}

fn set_word(proof: &str, w: usize, value: &groth16::U256) -> String {
    let hex = proof.strip_prefix("0x").unwrap_or(proof);
    let new = hex_encode(&value.to_be());
    format!("0x{}{}{}", &hex[..64 * w], new, &hex[64 * (w + 1)..])
}

fn word(proof: &str, w: usize) -> groth16::U256 {
    let hex = proof.strip_prefix("0x").unwrap_or(proof);
    groth16::U256::from_be(&hex_decode(&hex[64 * w..64 * w + 64]))
}

fn add_small(v: &groth16::U256, k: u64) -> groth16::U256 {
    let mut l = v.0;
    let (s, mut carry) = l[0].overflowing_add(k);
    l[0] = s;
    for limb in l.iter_mut().skip(1) {
        if !carry {
            break;
        }
        let (s, c) = limb.overflowing_add(1);
        *limb = s;
        carry = c;
    }
    groth16::U256(l)
}

/// The G1 point at words (w, w+1) replaced by a valid other point: P + G (G = (1, 2)) or −P, computed by the host.
fn g1_words(proof: &str, w: usize) -> [u8; 64] {
    let mut p = [0u8; 64];
    p[..32].copy_from_slice(&word(proof, w).to_le());
    p[32..].copy_from_slice(&word(proof, w + 1).to_le());
    p
}

fn put_g1(proof: &str, w: usize, p: &[u8]) -> String {
    let mut x = [0u8; 32];
    let mut y = [0u8; 32];
    x.copy_from_slice(&p[..32]);
    y.copy_from_slice(&p[32..]);
    x.reverse();
    y.reverse();
    set_word(&set_word(proof, w, &groth16::U256::from_be(&x)), w + 1, &groth16::U256::from_be(&y))
}

fn g1_op(p: &[u8; 64], negate: bool) -> Vec<u8> {
    fresh(100);
    let mut g = [0u8; 64];
    g[0] = 1;
    g[32] = 2;
    let mut input = vec![0u8];
    input.extend_from_slice(p);
    if negate {
        // 0 − P
        input = vec![1u8];
        input.extend_from_slice(p);
    } else {
        input.push(0);
        input.extend_from_slice(&g);
    }
    env::alt_bn128_g1_sum(&input)
}

/// Tampered statements: each must be refused (verify false, or a panic naming the bad argument).
fn tampered(a: &Args) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    let n = word_count();
    let p = groth16::U256(groth16::P);
    for w in 0..n {
        let v = word(&a.proof, w);
        for k in [1u64, 2, 3, 5, 7, 11, 13, 17, 19, 23] {
            out.push((format!("word {} + {}", w, k), set_word(&a.proof, w, &add_small(&v, k)), a.public_inputs.clone()));
        }
        out.push((format!("word {} = p", w), set_word(&a.proof, w, &p), a.public_inputs.clone()));
        out.push((format!("word {} = 0", w), set_word(&a.proof, w, &groth16::U256::ZERO), a.public_inputs.clone()));
        let mut flipped = v;
        flipped.0[3] ^= 1 << 40;
        out.push((format!("word {} high bit flip", w), set_word(&a.proof, w, &flipped), a.public_inputs.clone()));
    }
    // valid curve points in the wrong place: only the pairing equation (or the commitment checks) can refuse these
    let mut points = vec![(0usize, "A"), (6, "C")];
    if with_commitment() {
        points.push((8, "commitment"));
        points.push((10, "commitment proof of knowledge"));
    }
    for (w, name) in points {
        let pt = g1_words(&a.proof, w);
        out.push((format!("{} + G", name), put_g1(&a.proof, w, &g1_op(&pt, false)), a.public_inputs.clone()));
        out.push((format!("-{}", name), put_g1(&a.proof, w, &g1_op(&pt, true)), a.public_inputs.clone()));
    }
    // A and C swapped
    let (pa, pc) = (g1_words(&a.proof, 0), g1_words(&a.proof, 6));
    out.push(("A and C swapped".into(), put_g1(&put_g1(&a.proof, 0, &pc), 6, &pa), a.public_inputs.clone()));
    // B's coordinates with real and imaginary parts swapped (off the curve or outside G2's subgroup)
    let b = (word(&a.proof, 2), word(&a.proof, 3));
    out.push(("B.x parts swapped".into(), set_word(&set_word(&a.proof, 2, &b.1), 3, &b.0), a.public_inputs.clone()));
    // public inputs: each changed by a small amount, to r (not canonical), non-canonical text
    for i in 0..a.public_inputs.len() {
        let v = groth16::U256::parse_scalar(&a.public_inputs[i]).unwrap();
        for k in [1u64, 2, 3] {
            let mut inputs = a.public_inputs.clone();
            inputs[i] = decimal(&add_small(&v, k).reduce_r());
            out.push((format!("input {} + {}", i, k), a.proof.clone(), inputs));
        }
        let mut inputs = a.public_inputs.clone();
        inputs[i] = decimal(&add_small(&v, 0)).to_string() + "0";
        out.push((format!("input {} times ten", i), a.proof.clone(), inputs));
        let mut inputs = a.public_inputs.clone();
        inputs[i] = format!("0{}", a.public_inputs[i]);
        out.push((format!("input {} with a leading zero", i), a.proof.clone(), inputs));
    }
    let r = groth16::U256(groth16::R);
    let mut inputs = a.public_inputs.clone();
    inputs[0] = decimal_any(&r);
    out.push(("input 0 = r".into(), a.proof.clone(), inputs));
    let mut more = a.public_inputs.clone();
    more.push("0".into());
    out.push(("one public input too many".into(), a.proof.clone(), more));
    let mut fewer = a.public_inputs.clone();
    fewer.pop();
    out.push(("one public input too few".into(), a.proof.clone(), fewer));
    out.push(("proof one byte short".into(), a.proof[..a.proof.len() - 2].to_string(), a.public_inputs.clone()));
    out.push(("proof not hex".into(), a.proof.replacen('0', "g", 1), a.public_inputs.clone()));
    out
}

/// decimal() for any 256-bit value (r itself included)
fn decimal_any(w: &groth16::U256) -> String {
    decimal(w)
}

#[test]
fn valid_proofs_verify_and_tampered_ones_do_not() {
    let c = Contract::default();
    for (name, a) in fixtures() {
        let (ok, gas) = verify_call(&c, &a.proof, &a.public_inputs);
        assert_eq!(ok, Ok(true), "{}: the valid proof must verify", name);
        let cases = tampered(&a);
        assert!(cases.len() >= 100, "{}: only {} tampered cases", name, cases.len());
        let (mut refused_false, mut refused_panic) = (0, 0);
        for (what, proof, inputs) in &cases {
            match verify_call(&c, proof, inputs).0 {
                Ok(true) => panic!("{}: tampered proof accepted ({})", name, what),
                Ok(false) => refused_false += 1,
                Err(_) => refused_panic += 1,
            }
        }
        println!(
            "GAS {} verify {} ({} tampered refused: {} false, {} with a panic; fixture {})",
            env!("CARGO_PKG_NAME"),
            tgas(gas),
            cases.len(),
            refused_false,
            refused_panic,
            name
        );
    }
}

#[test]
fn bad_arguments_panic_with_a_message_naming_them() {
    let c = Contract::default();
    let n = key::VERIFYING_KEY.k.len() - 1 - with_commitment() as usize;
    let zeros = vec!["0".to_string(); n];
    let proof = format!("0x{}", "00".repeat(32 * word_count()));
    let expect = |proof: &str, inputs: &[String], msg: &str| {
        let e = verify_call(&c, proof, inputs).0.expect_err(msg);
        assert!(e.contains(msg), "expected a message containing {:?}, got {:?}", msg, e);
    };
    expect(&proof[..proof.len() - 2], &zeros, "proof must be");
    let mut big = zeros.clone();
    if n > 0 {
        big[n - 1] = decimal_any(&groth16::U256(groth16::R));
        expect(&proof, &big, &format!("public input {} (", n - 1));
        big[n - 1] = "01".into();
        expect(&proof, &big, "canonical decimal");
    }
    expect(&proof, &vec!["0".to_string(); n + 1], &format!("expected {} public inputs", n));
    expect(&set_word(&proof, 1, &groth16::U256(groth16::P)), &zeros, "proof word 1 (A.y) is not below");
    // A = (1, 3) is not on the curve: the host refuses it
    let off = set_word(&set_word(&proof, 0, &groth16::U256::ONE), 1, &groth16::U256([3, 0, 0, 0]));
    expect(&off, &zeros, "invalid g1");
}

#[test]
fn submit_records_once_and_emits_an_event() {
    for (name, a) in fixtures() {
        fresh(7);
        let mut c = Contract::default();
        let id = c.submit(a.proof.clone(), a.public_inputs.clone());
        let gas = env::used_gas().as_gas();
        let logs = get_logs();
        assert_eq!(logs.len(), 1, "{}: one event", name);
        let event: Value = serde_json::from_str(logs[0].strip_prefix("EVENT_JSON:").expect("NEP-297 prefix")).unwrap();
        assert_eq!(event["standard"], "zkinfer");
        assert_eq!(event["version"], "1.0.0");
        assert_eq!(event["event"], "proof_verified");
        assert_eq!(event["data"][0]["id"], id.as_str());
        assert_eq!(event["data"][0]["circuit_hash"], key::CIRCUIT_HASH);
        let r = c.get(id.clone()).expect("recorded");
        assert_eq!(r.public_inputs, a.public_inputs);
        assert_eq!(r.submitter.as_str(), "agent.near");
        assert_eq!(r.block_height, 7);
        assert_eq!(c.count(), 1);
        assert_eq!(c.list(0, 10), vec![r.clone()]);
        assert!(c.list(1, 10).is_empty());

        // the same statement again (the same proof, or any other proof of it) is refused and changes nothing
        fresh(8);
        let again = catch_unwind(AssertUnwindSafe(|| c.submit(a.proof.clone(), a.public_inputs.clone())));
        assert!(panic_message(&again.expect_err("duplicate refused")).contains("already recorded"));
        assert_eq!(c.count(), 1);

        // a proof that does not verify is refused and changes nothing
        let mut inputs = a.public_inputs.clone();
        let v = groth16::U256::parse_scalar(&inputs[0]).unwrap();
        inputs[0] = decimal(&add_small(&v, 1).reduce_r());
        fresh(9);
        let bad = catch_unwind(AssertUnwindSafe(|| c.submit(a.proof.clone(), inputs.clone())));
        assert!(panic_message(&bad.expect_err("invalid refused")).contains("does not verify"));
        assert_eq!(c.count(), 1);
        assert!(get_logs().is_empty());
        println!("GAS {} submit {} (fixture {})", env!("CARGO_PKG_NAME"), tgas(gas), name);
    }
}

#[test]
fn verifier_info_names_the_circuit_and_setup() {
    fresh(1);
    let info = Contract::default().verifier_info();
    assert_eq!(info.circuit_hash, key::CIRCUIT_HASH);
    assert_eq!(info.circuit_hash.len(), 64);
    assert_eq!(info.setup_kind, key::SETUP_KIND);
}

/// `zkinfer verify --near`: prints `VERDICT VALID|INVALID gas=N [reason]` for ZKINFER_NEAR_PROOF.
#[test]
#[ignore]
fn cli_verdict() {
    let path = PathBuf::from(std::env::var("ZKINFER_NEAR_PROOF").expect("ZKINFER_NEAR_PROOF"));
    let a = read_args(&path);
    let c = Contract::default();
    let (r, gas) = verify_call(&c, &a.proof, &a.public_inputs);
    match r {
        Ok(true) => println!("VERDICT VALID gas={}", gas),
        Ok(false) => println!("VERDICT INVALID gas={} the pairing check failed", gas),
        Err(e) => println!("VERDICT MALFORMED gas={} {}", gas, e.replace('\n', " ")),
    }
}
