"""The dashboard: charts (inline SVG), trigger analysis, medicine timeline."""
