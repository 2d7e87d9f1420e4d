"""The discourse backbone worked by hand from DNA's Exporter.java (spectral loss, penalty, nested, annealing).

Fixture BACKBONE (organisation level, congruence, no normalisation):
    a and b support x;  c supports y.
Full network: a–b = 1 (through x), c has no tie. Laplacian [[1, −1, 0], [−1, 1, 0], [0, 0, 0]]: eigenvalues
2, 0, 0 → normalised (1, 0, 0).
    B = {x}: the same network → loss 0.
    B = {y}: no tie → all eigenvalues 0, sum 0, not normalised → (0, 0, 0) → loss |1 − 0| = 1.
Penalised (p = 2, |C| = 2): {x}: 0; {y}: 1·exp(−2·1/2) = e⁻¹.
Nested: removing y leaves loss 0, removing x loss 1 → y goes first (redundant {y}: loss 1; 2 statements left),
then x (loss 1 with nothing left; redundant {x, y} = the full network: loss 0; 0 statements).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from network_fixtures import make_dataset
from stancegraph.graph.errors import UsageError
from stancegraph.graph.networks import backbone, build_network
from stancegraph.graph.networks.backbone import normalised_spectrum, penalised_loss, spectral_loss
from stancegraph.graph.seeds.load import load_dataset

ROWS = [("s1", "a", "x", "support", "d1"), ("s2", "b", "x", "support", "d1"), ("s3", "c", "y", "support", "d1")]
SIMPLE = dict(kind="congruence", normalisation="none", duplicates="include")


@pytest.fixture(scope="module")
def nhs():
    return load_dataset()


@pytest.fixture(scope="module")
def data():
    return make_dataset(ROWS)


def test_spectrum_and_losses_by_hand():
    full = normalised_spectrum(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], float))
    assert full.tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert normalised_spectrum(np.zeros((3, 3))).tolist() == [0.0, 0.0, 0.0]
    # a triangle: eigenvalues 3, 3, 0 → (0.5, 0.5, 0); negative ties count as 0
    triangle = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]], float)
    assert normalised_spectrum(triangle).tolist() == pytest.approx([0.5, 0.5, 0.0])
    assert normalised_spectrum(triangle * -1).tolist() == [0.0, 0.0, 0.0]
    assert spectral_loss(full, normalised_spectrum(triangle)) == pytest.approx(1.0)  # |1 − .5| + |0 − .5| + 0
    assert penalised_loss(1.0, 2.0, 1, 2) == pytest.approx(math.exp(-1))


def test_nested_by_hand(data):
    result = backbone(data, method="nested", **SIMPLE)
    assert [(s.concept, s.backbone_loss, s.redundant_loss, s.statements) for s in result.nested] == [
        ("y", pytest.approx(0.0), pytest.approx(1.0), 2), ("x", pytest.approx(1.0), pytest.approx(0.0), 0)]


TIED = [("s1", "a", "x", "support", "d1"), ("s2", "b", "x", "support", "d1"), ("s3", "c", "y", "support", "d1"),
        ("s4", "d", "y", "support", "d1"), ("s5", "e", "z", "support", "d1")]


def test_nested_tied_concepts_go_in_one_step():
    # a–b through x, c–d through y, e alone on z. Full Laplacian eigenvalues 2, 2, 0, 0, 0 → (.5, .5, 0, 0, 0).
    # Step 1: without z the network is unchanged (loss 0); without x or y one pair is left, (1, 0, …): loss 1.
    #   z goes; redundant {z} has no tie → spectrum 0 → loss 1; 4 of 5 statements left.
    # Step 2: without x or without y: loss 1 each — a tie, both go in this step, DNA walking the list
    #   backwards (y, then x). After y: redundant {z, y} is the c–d pair, loss 1, 2 statements left;
    #   after x: redundant {z, y, x} is the full network, loss 0, no statement left.
    result = backbone(make_dataset(TIED), method="nested", **SIMPLE)
    assert [(s.iteration, s.step, s.concept, s.statements) for s in result.nested] == [
        (1, 1, "z", 4), (2, 2, "y", 2), (3, 2, "x", 0)]
    assert [s.backbone_loss for s in result.nested] == [pytest.approx(0.0), pytest.approx(1.0), pytest.approx(1.0)]
    assert [s.redundant_loss for s in result.nested] == [pytest.approx(1.0), pytest.approx(1.0), pytest.approx(0.0)]
    assert result.as_dict()["nested"][2]["step"] == 2


@pytest.mark.parametrize("method, extra", [("fixed", dict(size=1)), ("penalty", dict(penalty=2.0))])
def test_annealing_finds_the_backbone(data, method, extra):
    result = backbone(data, method=method, iterations=50, seed=4, **SIMPLE, **extra)
    assert result.backbone == ("x",) and result.redundant == ("y",)
    assert result.backbone_loss == pytest.approx(0.0) and result.redundant_loss == pytest.approx(1.0)
    assert result.labels == ("a", "b", "c")
    assert result.backbone_network.tolist() == [[0, 1, 0], [1, 0, 0], [0, 0, 0]]
    assert result.redundant_network.tolist() == [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    assert len(result.diagnostics["temperature"]) == 50
    # DNA's temperature schedule 1 − 1/(1 + exp(−(−5 + 12t/T)))
    assert result.diagnostics["temperature"][0] == pytest.approx(1 - 1 / (1 + math.exp(-(-5 + 12 / 50))))


def test_full_network_is_the_dna_network_on_the_nhs_data(nhs):
    # rDNA's defaults: subtract ties, average normalisation, document duplicates
    result = backbone(nhs, method="fixed", size=3, iterations=20, seed=1)
    g = build_network(nhs, "subtract", normalisation="average", duplicates="document")
    expected = nx.to_numpy_array(g, nodelist=list(result.labels), weight="weight")
    assert np.allclose(result.full_network, expected)


def test_seeded_annealing_is_reproducible(nhs):
    runs = [backbone(nhs, method="penalty", iterations=300, seed=9) for _ in range(2)]
    assert runs[0].backbone == runs[1].backbone
    assert runs[0].diagnostics == runs[1].diagnostics
    other = backbone(nhs, method="penalty", iterations=300, seed=10)
    assert other.diagnostics != runs[0].diagnostics


@pytest.mark.parametrize("kwargs, message", [
    (dict(method="greedy"), "unknown backbone method"),
    (dict(method="fixed", size=2), "size"),
    (dict(method="fixed"), "size"),
    (dict(method="penalty", penalty=-1), "penalty"),
    (dict(kind="twomode"), "actor networks"),
])
def test_bad_settings(data, kwargs, message):
    with pytest.raises(UsageError, match=message):
        backbone(data, **kwargs)
