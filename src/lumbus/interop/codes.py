"""Code systems: the standard ones the knowledge base uses and Lumbus's own for ids without one.

A finding or test without an HPO, SNOMED CT or LOINC code is still exchanged, under the
project code system with its knowledge-base id, so nothing is lost on the way out and
the same resource maps back on the way in.
"""

from __future__ import annotations

from lumbus.knowledge.schema import Codes

BASE = "https://lumbus.example/fhir"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
HPO = "http://human-phenotype-ontology.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
FINDING_SYSTEM = f"{BASE}/CodeSystem/finding"
CONDITION_SYSTEM = f"{BASE}/CodeSystem/condition"
TEST_SYSTEM = f"{BASE}/CodeSystem/test"
URGENCY_SYSTEM = f"{BASE}/CodeSystem/urgency"
CONDITION_VER_STATUS = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

#: SNOMED CT laterality qualifiers (272741003 | Laterality |)
LATERALITY = {"left": "7771000", "right": "24028007", "both": "51440002"}
LATERALITY_NAMES = {"left": "Left", "right": "Right", "both": "Right and left"}
#: LOINC 30525-0 | Age |
AGE_LOINC = "30525-0"
#: LOINC 10154-3 | Chief complaint Narrative - Reported |
CHIEF_COMPLAINT_LOINC = "10154-3"


def codings(codes: Codes, project_system: str, project_code: str, display: str) -> list[dict[str, str]]:
    """Standard codings first, then the project coding that always round-trips."""
    out = []
    if codes.snomed:
        out.append({"system": SNOMED, "code": codes.snomed, "display": display})
    if codes.hpo:
        out.append({"system": HPO, "code": codes.hpo, "display": display})
    if codes.loinc:
        out.append({"system": LOINC, "code": codes.loinc, "display": display})
    out.append({"system": project_system, "code": project_code, "display": display})
    return out
