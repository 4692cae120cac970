"""Forms of the goals pages. They parse and present; the services decide and write, and their
problems come back onto the field (or the row of a list) they name (`problems.place`)."""
