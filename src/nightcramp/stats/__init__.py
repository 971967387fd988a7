"""Statistics on plain data: trigger analysis, self-experiments, the medicine timeline.

Plain Python on NumPy/SciPy (imported inside functions). The methods are written up in
docs/statistics.md and validated by simulation (``nightcramp.stats.simulate``).
"""
