"""The fifth standard's example project (examples/plugins/unido_cpa), filled as a consultant would."""
from pathlib import Path

from cpframework.testing import append_rows, set_cells


def fill(root: Path) -> None:
    """Fill the workbook of a project made by ``cpaudit init ROOT -s unido_cpa``."""
    wb = root / "data.xlsx"
    set_cells(wb, "Inputs and outputs", {("production", "数值"): 1200, ("raw_material", "数值"): 1300,
                                         ("fresh_water", "数值"): 9600, ("energy", "数值"): 3000,
                                         ("solid_waste", "数值"): 30})
    append_rows(wb, "CP team", [{"Name": "A. Lee", "Role": "leader"}, {"Name": "B. Chan", "Role": "member"}])
    append_rows(wb, "Process steps", [{"No": 1, "Step": "Dyeing", "Focus": "是"}, {"No": 2, "Step": "Finishing"}])
    append_rows(wb, "Waste streams", [{"Stream": "Spent dye bath", "Quantity": 2400, "Unit": "m³", "Cost": 18000}])
    append_rows(wb, "CP options", [
        {"No": "O1", "Opportunity": "Counter-current rinsing", "Category": "better process control",
         "Screening": "study further", "Technical": "feasible", "Investment": 20000, "Saving": 8000,
         "Environmental effect": "-25 % water", "Selected": "是", "Status": "implemented"},
        {"No": "O2", "Opportunity": "Fix steam leaks", "Screening": "implement directly"}])
