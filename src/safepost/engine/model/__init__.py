"""The learned verdict: a calibrated linear model over the rules' evidence and the words."""

from safepost.engine.model.features import RuleView, extract
from safepost.engine.model.linear import Contribution, PostModel, shipped

__all__ = ["Contribution", "PostModel", "RuleView", "extract", "shipped"]
