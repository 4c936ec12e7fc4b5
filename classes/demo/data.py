"""The demo school's data: its levels, locations, subjects, weekly timetable and students' story.

Kept apart from the code that builds the school (catalogue.py, schedule.py, students.py), so the
school can be changed without reading the code.
"""

import datetime
from decimal import Decimal

LEVELS = [
    ("Beginning", "Beg", Decimal(1), "A|C,B|D"),
    ("Lindy 2", "L2", Decimal(2), "A,B,C,D"),
    ("Lindy 3", "L3", Decimal(3), "A,B,C,D"),
    ("Workshop", "WS", None, ""),
    ("Special Focus", "SF", None, ""),
]

LOCATIONS = [
    ("Capitol Hill Studio", "1530 E Pine St", "98122"),
    ("Ballard Dance Loft", "5320 Ballard Ave NW", "98107"),
    ("Columbia City Ballroom", "4916 Rainier Ave S", "98118"),
]

# (title, level, version, weeks, tagline, description)
SUBJECTS = [
    (
        "Beginning Lindy Hop A",
        "Beginning",
        "A",
        5,
        "Your first swing outs",
        "Start here: the basic rhythms, the swing out, and how to lead and follow them with a partner.",
    ),
    (
        "Beginning Lindy Hop B",
        "Beginning",
        "B",
        5,
        "Charleston and kicks",
        "Partnered Charleston, kicks and the joy of dancing fast, built on the basics.",
    ),
    (
        "Beginning Lindy Hop C",
        "Beginning",
        "C",
        5,
        "Six-count rhythms and turns",
        "Six-count moves, inside and outside turns and smooth transitions from open to closed.",
    ),
    (
        "Beginning Lindy Hop D",
        "Beginning",
        "D",
        5,
        "Circles and connection",
        "Lindy circles, the feel of momentum and a connection you can trust.",
    ),
    (
        "Lindy 2 A",
        "Lindy 2",
        "A",
        5,
        "Swing out variations",
        "Take the swing out apart and put it back together a dozen different ways.",
    ),
    (
        "Lindy 2 B",
        "Lindy 2",
        "B",
        5,
        "Tandem Charleston",
        "Tandem and hand-to-hand Charleston with clean switches between them.",
    ),
    (
        "Lindy 2 C",
        "Lindy 2",
        "C",
        5,
        "Musicality: breaks and hits",
        "Hear the breaks coming, hit them together, and phrase your dancing with the band.",
    ),
    (
        "Lindy 2 D",
        "Lindy 2",
        "D",
        5,
        "Swing outs from closed",
        "Entries and exits from closed position, and the swing out from closed.",
    ),
    (
        "Lindy 3 A",
        "Lindy 3",
        "A",
        5,
        "Swivels and stretch",
        "Swivels, stretch and the stylish details that make a swing out yours.",
    ),
    (
        "Lindy 3 B",
        "Lindy 3",
        "B",
        5,
        "Improvisation",
        "Leave the patterns behind: lead and follow ideas on the fly, in rhythm.",
    ),
    (
        "Solo Jazz: The Shim Sham",
        "Special Focus",
        "NA",
        4,
        "The line dance of swing",
        "Learn the Shim Sham and the classic jazz steps inside it, so you can join in at every dance.",
    ),
    (
        "Follow's Styling",
        "Special Focus",
        "NA",
        4,
        "Your voice on the floor",
        "Styling, swivels and playful footwork for follows of every level above Beginning.",
    ),
    (
        "Balboa Weekend",
        "Workshop",
        "NA",
        1,
        "Small steps, fast music",
        "A weekend introduction to Balboa, the close-embrace dance for the fastest swing music.",
    ),
]

# The weekly schedule of a regular session: (day, start, subject of that day, location, capacity).
# Subjects named by level rotate through their versions from one session to the next.


WEEKLY_SCHEDULE = [
    (1, datetime.time(19, 0), "Beginning", 0, 24),
    (1, datetime.time(20, 15), "Lindy 2", 0, 24),
    (1, datetime.time(19, 0), "Solo Jazz: The Shim Sham", 2, 20),
    (2, datetime.time(19, 0), "Beginning+1", 1, 24),
    (2, datetime.time(20, 15), "Lindy 2+1", 1, 24),
    (2, datetime.time(20, 15), "Lindy 3", 2, 16),
    (3, datetime.time(19, 0), "Beginning+2", 0, 24),
    (3, datetime.time(20, 15), "Lindy 2+2", 0, 24),
    (3, datetime.time(19, 0), "Lindy 3+1", 1, 8),
    (3, datetime.time(20, 15), "Follow's Styling", 2, 16),
]

TEACHER_PAIRS = [(0, 1), (4, 0), (2,), (1, 4), (3, 2), (1, 0), (0, 3), (4, 1), (1, 4), (2,)]


SEED = 1926  # the year the Savoy Ballroom opened; the same seed gives the same students every time

FIRST_NAMES = [
    "Aaliyah", "Abdul", "Adele", "Aiko", "Alejandro", "Amara", "Amir", "Ana", "Anika", "Arjun", "Beatriz", "Ben",
    "Camille", "Carlos", "Chen", "Chloe", "Dara", "David", "Dawn", "Deepa", "Diego", "Elena", "Elijah", "Emeka",
    "Emma", "Farah", "Felix", "Frankie", "Gabriel", "Grace", "Hamid", "Hana", "Inés", "Isaac", "Jamal", "Jasmine",
    "Javier", "Jonah", "José", "Kai", "Keiko", "Kwame", "Lars", "Layla", "Leon", "Leroy", "Lucía", "Malik", "Maya",
    "Mei", "Miguel", "Mina", "Nadia", "Naomi", "Nikhil", "Noah", "Norma", "Olga", "Omar", "Priya", "Rafael", "Ruth",
    "Sam", "Sana", "Sofia", "Tariq", "Tomás", "Uma", "Victor", "Wen", "Willa", "Yara", "Yusuf", "Zoë",
]  # fmt: skip

LAST_NAMES = [
    "Abara", "Adeyemi", "Alvarez", "Andersen", "Bakr", "Banerjee", "Becker", "Bianchi", "Brooks", "Castillo",
    "Chang", "Cohen", "Costa", "Dubois", "Eriksson", "Fernández", "Fischer", "García", "Goldberg", "Gupta", "Haddad",
    "Hansen", "Hoang", "Ibrahim", "Ito", "Jackson", "Jensen", "Kaur", "Kim", "Kowalski", "Larsen", "Lee", "López",
    "Mahmoud", "Martin", "Mendoza", "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "O'Connor", "Obi", "Okonkwo",
    "Olsen", "Ortiz", "Patel", "Petrov", "Quinn", "Ramírez", "Reyes", "Rossi", "Sato", "Schmidt", "Silva", "Singh",
    "Sokolov", "Tanaka", "Thompson", "Torres", "Tran", "Vargas", "Walker", "Wang", "Washington", "Williams", "Wong",
    "Yamamoto", "Yilmaz", "Zhang",
]  # fmt: skip

PROGRESSION = ["Beginning", "Lindy 2", "Lindy 3"]

# How many students start in which of the four regular sessions (0 and 1 are past, 2 is current, 3 is next),
# at which level: 150 in all.
COHORTS = [
    (40, 0, "Beginning"),
    (20, 0, "Lindy 2"),
    (12, 0, "Lindy 3"),
    (30, 1, "Beginning"),
    (36, 2, "Beginning"),
    (12, 3, "Beginning"),
]

# The class a student now and then takes alongside their level's class, for the multi-class discount.
SECOND_CLASS = {
    "Beginning": "Solo Jazz: The Shim Sham",
    "Lindy 2": "Solo Jazz: The Shim Sham",
    "Lindy 3": "Follow's Styling",
}

# The current session's Thursday Lindy 3 (8 seats) is the class everyone wants: it is full, with people waiting.
POPULAR_CLASS_LEVEL, POPULAR_CLASS_DAY = "Lindy 3", 3
WAITING_FOR_THE_POPULAR_CLASS = 3

# Registrations of the current session that are cancelled, and whether the student took credit for them.
CANCELLATIONS = [("Sprained an ankle", True), ("Can't make it on that day after all", False), ("Evening shifts", True)]

# The versions of a teacher's running notes (classes/demo/teaching.py): after the first class, then revised.
CLASS_NOTES = [
    "<p>Warm-up, then the basic rhythms and the swing out. Most of the room got it by the end.</p>"
    "<ul><li>Review the swing out's triple steps next time.</li><li>Two leads rushed the rock step.</li></ul>",
    "<p>Warm-up, then the basic rhythms and the swing out. Most of the room got it by the end.</p>"
    "<p>Reviewed the triple steps, then Lindy circles. Slower music helped.</p>"
    "<ul><li>Next: Charleston kicks from the plan.</li><li>Ask the follows about the turn's timing.</li></ul>",
]

# Why an admin set the level of a student who came to the school already dancing, one after the other.
PLACEMENT_REASONS = [
    "Danced Lindy Hop for two years in Portland before moving here.",
    "Took a full beginner and intermediate series at a camp; the teachers saw them at the Friday social.",
    "Came from a school in Stockholm; placed by their teacher after a first class.",
]
