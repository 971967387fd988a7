"""Assessment: is it serious, why me, what to do (plain Python on the knowledge base)."""

from nightcramp.assessment.engine import screen
from nightcramp.assessment.profile import Habits, Profile, ProfileError, validate_profile

__all__ = ["Habits", "Profile", "ProfileError", "screen", "validate_profile"]
