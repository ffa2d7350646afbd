"""Persons, registrations, identification, exploitation, perpetrators and proceedings."""
