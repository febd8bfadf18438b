"""Validated instruments (Oswestry, Roland-Morris, STarT Back, SARC-F, EWGSOP2, SPPB, MRC, pain scale).

Each instrument is a data file under ``knowledge/data/instruments``; one engine scores
them all (:mod:`.scoring`), compares results over time (:mod:`.change`), turns results
into knowledge-base evidence and speaks FHIR (:mod:`.fhir`). This package imports
nothing heavy at import time, so the knowledge loader can use its schema.
"""
