"""unique_rows: the distinct rows of a matrix, as np.unique(axis=0) finds them, for every dtype the engine uses."""

import numpy as np
import pytest

from engine.features.unique_rows import unique_rows


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.uint8])
def test_the_same_distinct_rows_as_numpy_and_an_inverse_that_rebuilds_the_matrix(dtype):
    rng = np.random.default_rng(3)
    A = rng.integers(0, 3, size=(4000, 7)).astype(dtype)   # 3^7 possible rows: many repeats
    distinct, inverse = unique_rows(A)
    expected = np.unique(A, axis=0)
    assert len(distinct) == len(expected)
    assert np.array_equal(distinct[np.lexsort(distinct.T[::-1])], expected)
    assert np.array_equal(distinct[inverse], A)
    assert inverse.dtype == np.int64 and inverse.min() == 0 and inverse.max() == len(distinct) - 1


def test_rows_equal_in_value_are_one_row_whatever_their_bytes():
    A = np.array([[0.0, 1.5], [-0.0, 1.5], [0.0, -1.5]])
    distinct, inverse = unique_rows(A)
    assert len(distinct) == len(np.unique(A, axis=0)) == 2
    assert inverse[0] == inverse[1] != inverse[2]


def test_a_row_width_that_is_not_a_whole_number_of_words():
    A = np.array([[1, 2, 3], [1, 2, 3], [1, 2, 4]], dtype=np.uint8)   # 3 bytes a row
    distinct, inverse = unique_rows(A)
    assert len(distinct) == 2 and inverse[0] == inverse[1] != inverse[2]


def test_empty_and_one_row():
    distinct, inverse = unique_rows(np.zeros((0, 4)))
    assert distinct.shape == (0, 4) and inverse.shape == (0,)
    distinct, inverse = unique_rows(np.ones((1, 4)))
    assert distinct.shape == (1, 4) and list(inverse) == [0]
    with pytest.raises(ValueError):
        unique_rows(np.ones(4))
