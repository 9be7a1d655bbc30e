"""Who may do what, where: the access matrix, its rows, the check, what a caller may do now, the log of reads."""
