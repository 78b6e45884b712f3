"""The tests of handouts: one folder per stage of the package, shared helpers in `helpers`."""
