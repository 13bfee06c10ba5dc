"""HTTP entry points: one module per audience, each a blueprint."""
