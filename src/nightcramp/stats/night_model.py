"""The night-to-night noise model shared by the power calculator and the simulations.

A latent log-rate that persists from night to night (AR(1)) times gamma noise of each
night (over-dispersion). ``stats.trials`` draws its power simulations from it and
``stats.simulate`` builds whole synthetic diaries on it. ``simulate`` imports ``trials``
(to lay a diary over a trial plan), never the reverse: no import cycle.
"""

from __future__ import annotations

import math


def ar1_filter(shocks, phi: float):
    """x_t = phi x_(t-1) + shock_t along the last axis (a loop over nights, vectorised)."""
    import numpy as np

    out = np.empty_like(shocks)
    out[..., 0] = shocks[..., 0]
    for t in range(1, shocks.shape[-1]):
        out[..., t] = phi * out[..., t - 1] + shocks[..., t]
    return out


def nightly_rates(
    rng,
    n_sim: int,
    nights: int,
    rate_per_night: float,
    dispersion: float,
    autocorrelation: float,
    latent_sd: float,
):
    """``n_sim`` x ``nights`` gamma-Poisson rates with an AR(1) latent log-rate (mean kept)."""
    import numpy as np

    phi = autocorrelation
    shocks = rng.normal(0.0, latent_sd * math.sqrt(max(1 - phi * phi, 1e-12)), (n_sim, nights))
    shocks[:, 0] = rng.normal(0.0, latent_sd, n_sim)
    latent = ar1_filter(shocks, phi)
    rate = rate_per_night * np.exp(latent - latent_sd**2 / 2)
    if dispersion > 0:
        shape = 1 / dispersion
        rate = rate * rng.gamma(shape, 1 / shape, (n_sim, nights))
    return rate
