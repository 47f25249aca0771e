"""Our numpy checks, run inside the runtime under pytest by tests/packages
(own_tests): the extension modules load and the main features work in wasm
(creation, ufuncs, broadcasting, reductions, indexing, einsum, linalg, fft,
random, long double, datetime64, structured and string dtypes)."""

import numpy as np
import pytest


def test_build_config():
    assert np.__version__ == "2.3.5"
    from numpy._core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__

    assert __cpu_baseline__ == [] and __cpu_dispatch__ == []


def test_creation_and_dtypes():
    a = np.arange(12, dtype=np.int32).reshape(3, 4)
    assert a.shape == (3, 4) and a.dtype == np.int32 and a.strides == (16, 4)
    assert np.zeros(3).tolist() == [0.0, 0.0, 0.0]
    assert np.linspace(0, 1, 5).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert np.eye(2, dtype=np.complex128)[1, 1] == 1 + 0j
    assert np.full((2, 2), 7, dtype=np.uint8).sum() == 28
    assert np.dtype(np.intp).itemsize == 4  # wasm32
    assert np.array([1.5, 2.5]).astype(np.float16).tolist() == [1.5, 2.5]


def test_ufuncs_and_broadcasting():
    x = np.linspace(0, np.pi, 7)
    np.testing.assert_allclose(np.sin(x) ** 2 + np.cos(x) ** 2, 1.0)
    np.testing.assert_allclose(np.exp(np.log(x[1:])), x[1:])
    col = np.arange(3).reshape(3, 1)
    row = np.arange(4)
    assert (col * 10 + row).tolist() == [[0, 1, 2, 3], [10, 11, 12, 13], [20, 21, 22, 23]]
    assert np.add.outer([1, 2], [10, 20]).tolist() == [[11, 21], [12, 22]]
    assert np.maximum.accumulate([1, 3, 2, 5]).tolist() == [1, 3, 3, 5]
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.array([1.0, 0.0, -1.0]) / 0.0
    assert np.isinf(r[0]) and np.isnan(r[1]) and r[2] == -np.inf


def test_reductions():
    a = np.arange(1, 13, dtype=np.float64).reshape(3, 4)
    assert a.sum() == 78
    assert a.sum(axis=0).tolist() == [15, 18, 21, 24]
    assert a.prod(axis=1).tolist() == [24, 1680, 11880]
    assert a.mean() == 6.5
    assert a.argmax() == 11 and a.min(axis=1).tolist() == [1, 5, 9]
    np.testing.assert_allclose(a.std(), np.sqrt(((a - 6.5) ** 2).mean()))
    assert np.cumsum([1, 2, 3]).tolist() == [1, 3, 6]
    assert np.sort(np.array([3, 1, 2]))[::-1].tolist() == [3, 2, 1]
    assert np.unique([3, 1, 3, 2, 1]).tolist() == [1, 2, 3]


def test_fancy_indexing():
    a = np.arange(20).reshape(4, 5)
    assert a[[0, 2], [1, 3]].tolist() == [1, 13]
    assert a[a % 7 == 0].tolist() == [0, 7, 14]
    assert a[1:3, ::2].tolist() == [[5, 7, 9], [10, 12, 14]]
    b = a.copy()
    b[b > 15] = -1
    assert b[-1].tolist() == [15, -1, -1, -1, -1]
    assert np.take(a, [0, 19]).tolist() == [0, 19]
    assert a[np.ix_([0, 3], [0, 4])].tolist() == [[0, 4], [15, 19]]


def test_einsum():
    a = np.arange(6.0).reshape(2, 3)
    b = np.arange(12.0).reshape(3, 4)
    np.testing.assert_allclose(np.einsum("ij,jk->ik", a, b), a @ b)
    assert np.einsum("ii", np.eye(3) * 2) == 6
    np.testing.assert_allclose(np.einsum("ij->j", a), a.sum(axis=0))


def _matmul_reference(a, b):
    """Each element summed over n in order, in Python: what numpy's
    fallback loop computes (0002-matmul-loop-order.patch keeps that order)."""
    m, n = a.shape
    p = b.shape[1]
    out = np.zeros((m, p), dtype=np.result_type(a, b))
    for i in range(m):
        for j in range(p):
            acc = out.dtype.type(0)
            for k in range(n):
                acc = out.dtype.type(acc + a[i, k] * b[k, j])
            out[i, j] = acc
    return out


def test_matmul_fallback_loop():
    # matmul without BLAS, for real and complex types, matrix-matrix,
    # matrix-vector and vector-matrix shapes, empty dimensions, strided and
    # reversed operands and out=: exactly the in-order sums (this build has
    # no BLAS, whose blocked sums would differ in the last bits).
    rng = np.random.default_rng(0)
    with np.errstate(over="ignore"):
        for dt in (np.float64, np.float32, np.int64, np.int8, np.uint16, np.complex128):
            for m, n, p in ((5, 7, 3), (1, 4, 6), (6, 4, 1), (3, 0, 2), (0, 3, 2), (9, 9, 9)):
                a = (rng.random((m, n)) * 10).astype(dt)
                b = (rng.random((n, p)) * 10).astype(dt)
                want = _matmul_reference(a, b)
                assert np.array_equal(a @ b, want), (dt, m, n, p)
                assert np.array_equal(a @ np.asfortranarray(b), want)
                assert np.array_equal(np.asfortranarray(a) @ b, want)
                if m and p:
                    assert np.array_equal(a @ b[:, ::-1], want[:, ::-1])
                    out = np.empty((p, m), dtype=want.dtype).T
                    np.matmul(a, b, out=out)
                    assert np.array_equal(out, want)
        v = np.arange(4.0)
        mat = np.arange(12.0).reshape(3, 4)
        assert np.array_equal(mat @ v, [14.0, 38.0, 62.0])
        assert np.array_equal(v[:3] @ mat, [20.0, 23.0, 26.0, 29.0])
        big = rng.random((120, 80)) @ rng.random((80, 100))
        assert big.shape == (120, 100)
        nan = np.array([[np.nan, 1.0], [1.0, 1.0]])
        assert np.isnan((nan @ np.eye(2))[0]).all()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_absolute_of_floats(dtype):
    # The scalar loop this build runs (0003-abs-without-branch.patch): the
    # sign bit cleared, contiguous, strided and in place, as numpy's SIMD paths do.
    rng = np.random.default_rng(11)
    x = (rng.random(1001) - 0.5).astype(dtype)
    x[:6] = [-0.0, 0.0, -np.inf, np.inf, np.nan, -np.nan]
    expected = np.where(np.signbit(x), -x, x)
    cases = [
        (np.abs(x), expected),
        (np.abs(x[::3]), expected[::3]),
        (np.absolute(x.reshape(7, 11, 13)).ravel(), expected),
    ]
    for got, want in cases:
        assert got.dtype == dtype
        assert np.array_equal(got, want, equal_nan=True)
        assert not np.signbit(got).any()
    y = x.copy()
    np.abs(y, out=y)
    assert np.array_equal(y, expected, equal_nan=True)


def test_linalg():
    rng = np.random.default_rng(0)
    m = rng.standard_normal((5, 5)) + 5 * np.eye(5)
    v = rng.standard_normal(5)
    x = np.linalg.solve(m, v)
    np.testing.assert_allclose(m @ x, v, atol=1e-12)
    np.testing.assert_allclose(np.linalg.inv(m) @ m, np.eye(5), atol=1e-12)
    s = m + m.T
    w, vecs = np.linalg.eigh(s)
    np.testing.assert_allclose(s @ vecs, vecs * w, atol=1e-10)
    w2 = np.linalg.eig(np.array([[2.0, 0.0], [0.0, 3.0]])).eigenvalues
    assert sorted(w2.tolist()) == [2.0, 3.0]
    u, sv, vt = np.linalg.svd(m)
    np.testing.assert_allclose((u * sv) @ vt, m, atol=1e-12)
    assert np.linalg.matrix_rank(np.ones((3, 3))) == 1
    np.testing.assert_allclose(np.linalg.det(np.diag([2.0, 3.0])), 6.0)
    with pytest.raises(np.linalg.LinAlgError):  # raised from Python-side checks
        np.linalg.inv(np.ones((2, 3)))  # not square


def test_floating_point_status():
    # wasm has no floating point status flags; the flags numpy sets itself
    # go to one status word all modules share (patch 0002), so singular
    # matrices raise LinAlgError and integer division by zero warns. Flags
    # only hardware would raise (float overflow, 1.0/0.0) are not seen: the
    # README ("numpy") documents it; the last assert fails once that changes.
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        np.linalg.inv(np.zeros((2, 2)))
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.solve(np.ones((2, 2)), np.ones(2))
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        np.array([1, 2]) // np.array([0, 1])
    with np.errstate(divide="raise"):
        with pytest.raises(FloatingPointError):
            np.array([1]) // np.array([0])
    with np.errstate(all="raise"):
        big = np.float64(1e308) * 10
    assert np.isinf(big)


def test_fft():
    t = np.arange(64)
    sig = np.sin(2 * np.pi * 5 * t / 64)
    spec = np.fft.fft(sig)
    assert np.argmax(np.abs(spec[:32])) == 5
    np.testing.assert_allclose(np.fft.ifft(spec).real, sig, atol=1e-12)
    r = np.fft.rfft(sig)
    assert r.shape == (33,)
    np.testing.assert_allclose(np.fft.irfft(r, 64), sig, atol=1e-12)
    np.testing.assert_allclose(np.fft.fft2(np.ones((4, 4)))[0, 0], 16)


def test_random():
    rng = np.random.default_rng(12345)
    a = rng.random(1000)
    assert 0 <= a.min() and a.max() < 1 and abs(a.mean() - 0.5) < 0.05
    # Reproducible streams: the same seed gives the same numbers as natively.
    assert np.random.default_rng(42).integers(0, 100, 5).tolist() == [8, 77, 65, 43, 43]
    n = rng.normal(3.0, 2.0, 20000)
    assert abs(n.mean() - 3.0) < 0.1 and abs(n.std() - 2.0) < 0.1
    assert sorted(rng.permutation(5).tolist()) == [0, 1, 2, 3, 4]
    np.random.seed(1)
    assert np.random.randint(0, 10, 3).tolist() == [5, 8, 9]


def test_longdouble():
    info = np.finfo(np.longdouble)
    assert np.dtype(np.longdouble).itemsize == 16
    assert info.nmant == 112 and info.nexp == 15  # IEEE binary128 (soft-float)
    one = np.longdouble(1)
    tiny = np.longdouble(2) ** -100
    assert one + tiny != one  # more precision than a double
    assert np.float64(1) + np.float64(tiny) == 1
    x = np.longdouble("0.1")
    assert str(x) == "0.1" and repr(x) == "np.longdouble('0.1')"
    a = np.arange(5, dtype=np.longdouble)
    r = np.sqrt(np.longdouble(2))
    assert a.sum() == 10 and abs(r * r - 2) < 1e-32
    # musl's powl for binary128 is pow() (double precision): ** loses digits.
    assert abs(r**2 - 2) > 1e-20


def test_datetime64():
    d = np.datetime64("2024-02-28") + np.timedelta64(2, "D")
    assert str(d) == "2024-03-01"
    r = np.arange("2024-01", "2024-04", dtype="datetime64[M]")
    assert [str(x) for x in r] == ["2024-01", "2024-02", "2024-03"]
    assert np.busday_count("2024-01-01", "2024-01-08") == 5
    assert (np.datetime64("2000-01-01T00:00:01") - np.datetime64("2000-01-01")).astype(int) == 1


def test_structured_dtypes():
    dt = np.dtype([("name", "U8"), ("age", "i4"), ("pos", "f8", (2,))])
    a = np.array([("ann", 31, (1.0, 2.0)), ("bob", 25, (3.0, 4.0))], dtype=dt)
    assert a["age"].sum() == 56
    assert a[np.argsort(a["age"])]["name"].tolist() == ["bob", "ann"]
    assert a["pos"][:, 1].tolist() == [2.0, 4.0]
    rec = a.view(np.recarray)
    assert rec.name[0] == "ann"
    assert dt.itemsize == 32 + 4 + 16


def test_string_arrays():
    s = np.array(["apple", "Banana", "cherry"])
    assert s.dtype == np.dtype("<U6")
    assert np.char.upper(s).tolist() == ["APPLE", "BANANA", "CHERRY"]
    assert np.strings.str_len(s).tolist() == [5, 6, 6]
    assert np.sort(s).tolist() == ["Banana", "apple", "cherry"]
    b = np.array([b"ab", b"cde"])
    assert b.dtype == np.dtype("S3") and b.tobytes() == b"ab\x00cde"
    v = np.array(["x", "yy"], dtype=np.dtypes.StringDType())
    assert (v + "!").tolist() == ["x!", "yy!"]


def test_buffer_protocol_zero_copy():
    a = np.arange(4, dtype=np.float64)
    m = memoryview(a)
    assert m.format == "d" and m.shape == (4,)
    b = np.frombuffer(m, dtype=np.float64)
    b.flags.writeable or pytest.fail("frombuffer of a writable memoryview is writable")
    b[0] = 42
    assert a[0] == 42  # the same memory
