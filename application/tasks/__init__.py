"""Top-down tasks (BZ-D2): issuing down the tree, assignments, deadlines, roll-up reads."""
