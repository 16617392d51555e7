"""Python reprs (as SDK exceptions print bodies) read as literals with ``ast``: never evaluated."""

from __future__ import annotations

import ast
import itertools
import re
from typing import Any

from .decoded import MAX_DEPTH, MAX_INPUT_CHARS, MAX_ITEMS, MAX_NODES, Budget

FAILED: Any = object()
"""What a reader returns for text it cannot read (``None`` is a value)."""
_PY_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_PY_ESCAPES = frozenset("\\'\"abfnrtv01234567xuUN\n")


def read_literal(text: str) -> Any:
    """A Python repr (as SDK exceptions print bodies), read as literals only: never evaluated."""
    if len(text) > MAX_INPUT_CHARS // 2 or ("'" not in text and "None" not in text):
        return FAILED
    # An invalid escape ("\{") means a backslash in a Python literal but makes the parser warn;
    # spelling it "\\{" gives the same value without a warning in the application's logs.
    candidate = _PY_ESCAPE.sub(_valid_escape, text)
    for _ in range(3):
        try:
            tree = ast.parse(candidate, mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError, Warning):
            # Reporters cut or over-close reprs; drop one stray closing bracket and retry.
            if candidate.endswith(("}}", "]]", "})", "])")):
                candidate = candidate[:-1]
                continue
            return FAILED
        try:
            return _literal_value(tree.body, 0, Budget())
        except (ValueError, RecursionError):
            return FAILED
    return FAILED


def _valid_escape(match: re.Match[str]) -> str:
    escaped = match.group(1)
    return match.group(0) if escaped in _PY_ESCAPES else "\\\\" + escaped


# CC 17: one case per node type a literal can be made of, each refusing what is not literal.
def _literal_value(node: ast.AST, depth: int, budget: Budget) -> Any:
    """The value of a literal node: constants, dicts (first key wins), lists, tuples, signs."""
    budget.nodes += 1
    if depth > MAX_DEPTH or budget.nodes > MAX_NODES:
        return None
    if isinstance(node, ast.Constant) and isinstance(
        node.value, (str, int, float, bool, type(None))
    ):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _literal_value(node.operand, depth + 1, budget)
        if isinstance(operand, (int, float)) and not isinstance(operand, bool):
            return -operand if isinstance(node.op, ast.USub) else operand
        raise ValueError("not a literal")
    if isinstance(node, ast.Dict):
        out: dict[Any, Any] = {}
        for key_node, value_node in itertools.islice(
            zip(node.keys, node.values, strict=False), MAX_ITEMS
        ):
            if key_node is None:
                raise ValueError("not a literal")
            key = _literal_value(key_node, depth + 1, budget)
            value = _literal_value(value_node, depth + 1, budget)
            if isinstance(key, str) and key not in out:
                out[key] = value
        return out
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_literal_value(n, depth + 1, budget) for n in node.elts[:MAX_ITEMS]]
    raise ValueError("not a literal")
