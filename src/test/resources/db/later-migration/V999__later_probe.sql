-- A migration newer than every bundled one: Flyway must apply it on top of a store the start made without Flyway.
CREATE TABLE later_probe (id INT PRIMARY KEY);
