"""Reports and interchange: the clinician PDF, the FHIR R4 bundle, calendar feeds and
wearable imports. Everything here reads the diary; nothing here changes it, except the
demo diary (``reports.demo``) which fills an empty one."""
