"""Tests of handouts.clinic: the clinic profile, its logo, and how a profile is found."""
