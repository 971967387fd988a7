"""The diary in the browser: night-mode logging, episodes, check-ins, history."""
