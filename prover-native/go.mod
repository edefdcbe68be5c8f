module zkinfer.io/prover-native

go 1.25.7
