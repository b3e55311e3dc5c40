"""Calls a compiled model's tree-parallel functions directly (model_abi.h,
ABI version 4: walk_trees, sum_leaves) through its descriptor, and checks
that walking the trees in ranges and summing gives the kernel's bytes."""

import ctypes
import os

import numpy as np

KIND_NAMES = ("predict", "proba", "decision", "score", "leaf")

_KERNEL_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64,
                              ctypes.c_void_p)
_WALK_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64,
                            ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p)
_SUM_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64,
                           ctypes.c_void_p, ctypes.c_void_p)


class Descriptor(ctypes.Structure):
    """hw_model_descriptor of ABI version 4, field by field."""
    _fields_ = [("abi_version", ctypes.c_uint32), ("input_dtype", ctypes.c_uint32),
                ("num_features", ctypes.c_uint32), ("num_classes", ctypes.c_uint32),
                ("num_trees", ctypes.c_uint32), ("supported_kinds", ctypes.c_uint32),
                ("name", ctypes.c_char_p), ("target", ctypes.c_char_p),
                ("class_labels", ctypes.c_void_p), ("kernels", _KERNEL_FN * 5),
                ("output_dtype", ctypes.c_uint32 * 5), ("output_width", ctypes.c_uint32 * 5),
                ("cpu_features", ctypes.c_uint64), ("content_hash", ctypes.c_char_p),
                ("kernels_f32", _KERNEL_FN * 5), ("walk_trees", _WALK_FN),
                ("sum_leaves", _SUM_FN * 5), ("tree_parallel_rows", ctypes.c_uint32)]


_DTYPES = {0: np.float32, 1: np.float64, 2: np.int32}


def load_descriptor(lib_path):
    """(library, descriptor); keep the library referenced while calling."""
    library = ctypes.CDLL(os.path.abspath(lib_path))
    getter = library.hardwood_model_descriptor
    getter.restype = ctypes.POINTER(Descriptor)
    return library, getter().contents


def check_walks_and_sums(lib_path, rows):
    """Walks the trees of the compiled model in uneven ranges, last range
    first, checks that every (row, tree) leaf was written, then compares each
    kind's leaf sum with its kernel, byte for byte. A model of one tree must
    have neither function. Returns the number of kinds compared."""
    library, desc = load_descriptor(lib_path)
    assert desc.abi_version == 4
    trees = desc.num_trees
    if trees < 2:
        assert not desc.walk_trees and desc.tree_parallel_rows == 0
        return 0
    assert desc.walk_trees and desc.tree_parallel_rows > 0
    x = np.ascontiguousarray(rows, dtype=_DTYPES[desc.input_dtype])
    count, stride = x.shape
    bounds = sorted({0, 1, trees // 3, min(trees, trees // 3 + 9), trees})
    leaves = np.full(count * trees, -1, dtype=np.int32)
    for begin, end in reversed(list(zip(bounds, bounds[1:]))):
        desc.walk_trees(x.ctypes.data, count, stride, begin, end, leaves.ctypes.data)
    assert (leaves >= 0).all()
    kinds = [k for k in range(5) if desc.supported_kinds & (1 << k)]
    for kind in kinds:
        assert desc.sum_leaves[kind], KIND_NAMES[kind]
        shape = (count, desc.output_width[kind])
        expected = np.zeros(shape, dtype=_DTYPES[desc.output_dtype[kind]])
        got = np.full(shape, 7, dtype=expected.dtype)
        desc.kernels[kind](x.ctypes.data, count, stride, expected.ctypes.data)
        desc.sum_leaves[kind](x.ctypes.data, count, stride, leaves.ctypes.data,
                              got.ctypes.data)
        assert got.tobytes() == expected.tobytes(), KIND_NAMES[kind]
    del library
    return len(kinds)


def check_single_rows(lib_path, rows):
    """Calls every kernel (and float32-row kernel) of the compiled model on
    each row alone and compares the bytes with the same kernel on all rows at
    once: single rows take the lockstep walks of one row (in depth order
    where the library says so), the batch takes the strategy's tiles, which
    walk in model order. Returns the number of kernels compared."""
    library, desc = load_descriptor(lib_path)
    checked = 0
    kernel_sets = [(desc.kernels, _DTYPES[desc.input_dtype])]
    if desc.input_dtype == 1:
        kernel_sets.append((desc.kernels_f32, np.float32))
    for kernels, dtype in kernel_sets:
        x = np.ascontiguousarray(rows, dtype=dtype)
        count, stride = x.shape
        for kind in range(5):
            if not desc.supported_kinds & (1 << kind) or not kernels[kind]:
                continue
            shape = (count, desc.output_width[kind])
            batch = np.full(shape, 7, dtype=_DTYPES[desc.output_dtype[kind]])
            kernels[kind](x.ctypes.data, count, stride, batch.ctypes.data)
            alone = np.full(shape, 9, dtype=batch.dtype)
            for row in range(count):
                kernels[kind](x[row:].ctypes.data, 1, stride, alone[row:].ctypes.data)
            assert alone.tobytes() == batch.tobytes(), \
                f"{KIND_NAMES[kind]} ({np.dtype(dtype).name} rows)"
            checked += 1
    del library
    return checked
