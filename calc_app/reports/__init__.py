"""Reports: result -> text / CSV / PDF, formatted at the edge."""
