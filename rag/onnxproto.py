"""A minimal ONNX ``ModelProto`` writer: just the messages a feed-forward graph needs.

ONNX files are protocol buffers; this writes the wire format directly (field numbers from
``onnx/onnx.proto``), so building a graph for ONNX Runtime needs neither the ``onnx``
package nor protobuf classes. Pure functions returning bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["attr_float", "attr_int", "attr_ints", "graph", "model", "node", "tensor", "value_info"]

_ELEM = {
    np.dtype(np.float32): 1,
    np.dtype(np.uint8): 2,
    np.dtype(np.int8): 3,
    np.dtype(np.int32): 6,
    np.dtype(np.int64): 7,
}
_ELEM_BY_NAME = {"float": 1, "uint8": 2, "int8": 3, "int32": 6, "int64": 7}


def _varint(value: int) -> bytes:
    out = bytearray()
    value &= (1 << 64) - 1
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint(field << 3 | wire)


def _int(field: int, value: int) -> bytes:
    return _key(field, 0) + _varint(value)


def _bytes(field: int, value: bytes) -> bytes:
    return _key(field, 2) + _varint(len(value)) + value


def _str(field: int, value: str) -> bytes:
    return _bytes(field, value.encode("utf-8"))


def tensor(name: str, array: np.ndarray) -> bytes:
    """``TensorProto`` with raw little-endian data."""
    arr = np.ascontiguousarray(array)
    body = b"".join(_int(1, d) for d in arr.shape)
    body += _int(2, _ELEM[arr.dtype]) + _str(8, name) + _bytes(9, arr.tobytes())
    return body


def attr_int(name: str, value: int) -> bytes:
    return _str(1, name) + _int(3, value) + _int(20, 2)


def attr_ints(name: str, values: Sequence[int]) -> bytes:
    return _str(1, name) + b"".join(_int(8, v) for v in values) + _int(20, 7)


def attr_float(name: str, value: float) -> bytes:
    return _str(1, name) + _key(2, 5) + np.float32(value).tobytes() + _int(20, 1)


def node(
    op: str,
    inputs: Sequence[str],
    outputs: Sequence[str],
    *,
    domain: str = "",
    attrs: Sequence[bytes] = (),
) -> bytes:
    body = b"".join(_str(1, i) for i in inputs) + b"".join(_str(2, o) for o in outputs)
    body += _str(3, outputs[0]) + _str(4, op)
    body += b"".join(_bytes(5, a) for a in attrs)
    if domain:
        body += _str(7, domain)
    return body


def value_info(name: str, elem: str, dims: Sequence[int | str]) -> bytes:
    shape = b"".join(_bytes(1, _str(2, d) if isinstance(d, str) else _int(1, d)) for d in dims)
    tensor_type = _int(1, _ELEM_BY_NAME[elem]) + _bytes(2, shape)
    return _str(1, name) + _bytes(2, _bytes(1, tensor_type))


def graph(
    name: str,
    nodes: Sequence[bytes],
    initializers: Sequence[bytes],
    inputs: Sequence[bytes],
    outputs: Sequence[bytes],
) -> bytes:
    body = b"".join(_bytes(1, n) for n in nodes) + _str(2, name)
    body += b"".join(_bytes(5, t) for t in initializers)
    body += b"".join(_bytes(11, i) for i in inputs) + b"".join(_bytes(12, o) for o in outputs)
    return body


def model(graph_bytes: bytes, opsets: dict[str, int], ir_version: int = 8) -> bytes:
    body = _int(1, ir_version) + _str(2, "dangjian-rag")
    body += b"".join(_bytes(8, _str(1, d) + _int(2, v)) for d, v in opsets.items())
    body += _bytes(7, graph_bytes)
    return body
