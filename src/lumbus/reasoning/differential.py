"""Naive-Bayes differential with a leak, and per-finding explanations.

log P(c | E) = log prior(c, age, sex) + sum over present f of llr_present[c, f]
             + sum over absent f of llr_absent[c, f] - log Z.
Unknown findings are simply not in E, so they change nothing.
"""

from __future__ import annotations

import numpy as np

from lumbus.knowledge.compiled import F64, CompiledKB
from lumbus.reasoning.evidence import EvidenceSet


def log_prior(ckb: CompiledKB, ev: EvidenceSet) -> F64:
    lp: F64 = ckb.log_prior.copy()
    if ev.age_column is not None:
        lp += ckb.log_age[:, ev.age_column]
    if ev.sex_index is not None:
        lp += ckb.log_sex[:, ev.sex_index]
    return lp


def log_likelihood_ratio(ckb: CompiledKB, ev: EvidenceSet, *, unmentioned: bool = True) -> F64:
    """Sum of each condition's finding contributions (log LR against background).

    ``unmentioned=False`` leaves out the weak evidence of salient history a story did not mention.
    """
    out: F64 = ckb.llr_present[:, ev.scored_present].sum(axis=1) + ckb.llr_absent[:, ev.scored_absent].sum(axis=1)
    if unmentioned and len(ev.unmentioned):
        out = out + ckb.llr_unmentioned[:, ev.unmentioned].sum(axis=1)
    return out


def normalise(log_scores: F64) -> F64:
    shifted = log_scores - log_scores.max(axis=-1, keepdims=True)
    w = np.exp(shifted)
    out: F64 = w / w.sum(axis=-1, keepdims=True)
    return out


def posterior(ckb: CompiledKB, ev: EvidenceSet, *, unmentioned: bool = True) -> F64:
    return normalise(log_prior(ckb, ev) + log_likelihood_ratio(ckb, ev, unmentioned=unmentioned))


def safety_posterior(ckb: CompiledKB, ev: EvidenceSet, post: F64) -> F64:
    """For triage: each condition's larger probability with and without the mention model,
    so that something a person simply did not write can never lower the urgency."""
    if not len(ev.unmentioned):
        return post
    out: F64 = np.maximum(post, posterior(ckb, ev, unmentioned=False))
    return out
