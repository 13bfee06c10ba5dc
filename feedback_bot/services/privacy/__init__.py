"""Privacy operations: erasure of a resident (``erasure``) and retention (``retention``)."""
