"""Flow diagrams: node balances, columns and the Sankey picture agree with the flows they are drawn from."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.api import CalcError, calc, charts
from cpframework.testing import trace_redo_problems

flows_mod = calc.flows

WATER = [("新鲜水", "生产车间", 120), ("新鲜水", "生活用水", 20), ("生产车间", "污水处理站", 150),
         ("生产车间", "蒸发损失", 30), ("生活用水", "污水处理站", 18), ("生活用水", "损失", 2),
         ("污水处理站", "回用水池", 60), ("回用水池", "生产车间", 60, "回用水"), ("污水处理站", "外排", 108)]

names = st.sampled_from(list("ABCDEFG"))
flow_lists = st.lists(st.tuples(names, names, st.floats(0, 1e6, allow_nan=False)).filter(lambda t: t[0] != t[1]),
                      min_size=1, max_size=12)


def test_water_balance_worked_example():
    by = {b.node: b for b in flows_mod.node_balances(WATER, "m³/d")}
    assert (by["生产车间"].inflow, by["生产车间"].outflow) == (180, 180)      # 120 fresh + 60 recycled
    assert by["新鲜水"].role == "源" and by["外排"].role == "汇" and by["污水处理站"].role == "中间"
    assert by["生产车间"].trace.substitution == "（120 + 60）−（150 + 30）"
    assert flows_mod.unbalanced(WATER) == []
    leaky = WATER[:3] + [("生产车间", "蒸发损失", 20)] + WATER[4:]     # 10 m³/d unaccounted for
    assert [b.node for b in flows_mod.unbalanced(leaky)] == ["生产车间"]


@settings(max_examples=200, deadline=None)
@given(flow_lists)
def test_differences_sum_to_zero_and_columns_go_forward(rows):
    bal = flows_mod.node_balances(rows)
    assert abs(sum(b.difference for b in bal)) <= 1e-6 * max(1.0, sum(r[2] for r in rows))
    col = flows_mod.layers(rows)
    back = flows_mod.back_flows(rows)
    for f in flows_mod.as_flows(rows):
        assert (col[f.target] > col[f.source]) != (f in back)


@settings(max_examples=100, deadline=None)
@given(flow_lists)
def test_a_graph_without_cycles_has_no_back_flows(rows):
    acyclic = [(a, b, v) if a < b else (b, a, v) for a, b, v in rows]
    assert flows_mod.back_flows(acyclic) == []


@pytest.mark.parametrize("bad", [("A", "B", -1), ("A", "B", None), ("A", "A", 3), ("A", "B", float("nan"))])
def test_bad_flows_are_refused_in_chinese(bad):
    with pytest.raises(CalcError, match="请检查数据"):
        flows_mod.node_balances([bad])


def test_efficiency_trace_redoes_and_bounds():
    r = flows_mod.efficiency(873, 1000, name="VOCs收集效率", useful_label="收集量", total_label="产生量")
    assert r.value == pytest.approx(87.3) and trace_redo_problems(r.trace) == []
    with pytest.raises(CalcError):
        flows_mod.efficiency(1100, 1000)
    with pytest.raises(CalcError):
        flows_mod.efficiency(1, 0)


def test_the_diagram_shows_every_flow_and_node_value():
    fig = charts.flow_chart.uncached(WATER, unit="m³/d", title="水平衡图")
    texts = [t.get_text() for t in fig.axes[0].texts]
    for row in WATER:
        label = f"{row[3]} {row[2]}" if len(row) > 3 else str(row[2])
        assert any(t.strip() == label for t in texts), label
    for b in flows_mod.node_balances(WATER):
        assert any(t == f"{b.node}\n{max(b.inflow, b.outflow):g}" for t in texts), b.node
    assert any("单位：m³/d" in t and "回用" in t for t in texts)
