"""Private numerics behind [`tradeshock.synthetic`][tradeshock.synthetic] (not public API).

Input preparation, the simplex solver and the conformal test.
"""
