"""The tamper-evident audit log: Merkle tree, checkpoints, bundles and their offline verification."""
