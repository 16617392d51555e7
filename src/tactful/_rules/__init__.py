"""Recognition knowledge, data only: what real providers send, written down once.

``tactful._recognize`` compiles and applies these tables; teaching it something new is an edit
here, never a new branch there. Which file to edit:

- ``providers.py``: one record per provider (hosts, its name in prose, its own codes, its
  envelope). A new provider, or a provider that is not named.
- ``kinds.py``: error codes per kind, the evidence weights, the order that breaks ties.
- ``phrases.py``: phrases per kind in prose, and the rules that turn a quota into a rate.
- ``fields.py``: the names of the members that carry codes, messages, amounts, request ids.
- ``amounts.py``: where figures stand in prose, units, currency symbols and codes.
- ``links.py``: what makes a link the way to pay, or documentation.

After changing a pattern in ``phrases.py``, ``amounts.py`` or ``providers.py``, run
``python tools/gate_table.py`` (a test compares the generated readings byte for byte).
"""
