package io.zkinfer.prover;

/**
 * Size of a compiled circuit, as gnark counts it.
 *
 * @param constraints   R1CS constraints (Groth16) or PLONK gates
 * @param publicWires   public variables, including gnark's constant-one wire for Groth16
 * @param privateWires  secret variables
 * @param internalWires wires computed by the solver
 * @param commitments   BSB22 commitments (range checks and lookups use one)
 * @param publicInputs  public inputs of the IR
 * @param outputs       outputs of the IR (public too)
 * @param privateInputs private inputs of the IR
 */
public record CircuitStats(long constraints, long publicWires, long privateWires, long internalWires,
                           long commitments, long publicInputs, long outputs, long privateInputs) {
}
