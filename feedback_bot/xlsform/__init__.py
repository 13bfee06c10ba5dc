"""Polls authored as XLSForm: the definition model, its expressions, and the .xlsx reader and writer.

- :mod:`.definition`: the poll definition (plain data, canonical JSON, content hash);
- :mod:`.expressions`: the safe ``relevant``/``constraint`` subset, parsed, checked, evaluated;
- :mod:`.reader`: an .xlsx read with pyxform, checked, every error with sheet, row and column;
- :mod:`.writer`: a definition written back as an XLSForm with openpyxl;
- :mod:`.answers`: a resident's reply read against one question (pure, for the engine);
- :mod:`.legacy`: today's JSON polls and their Babel translations as definitions.
"""
