"""The access matrix's rows, one module a feature; access/matrix.py joins them."""
