SELECT max(day) FROM identity.steps;
