"""Reports and interchange out: the clinician PDF, the FHIR R4 bundles and the calendar
feed. Everything here reads the diary and changes nothing. (Imports from other apps and the
demo diary live with the diary: ``diary.wearables``, ``diary.demo``.)"""
