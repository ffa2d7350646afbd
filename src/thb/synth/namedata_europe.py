"""Synthetic-name pools for EU languages (common first and family names; invented combinations).

Each pool: ``f``/``m`` given names, ``fam`` family names (or ``fam_m``/``fam_f`` in parallel where
the family name is gendered); ``_`` stands for a space inside one name. Cyrillic and Greek
pools are transliterated in ``names.py``.
"""

from __future__ import annotations

EUROPE: dict[str, dict[str, str]] = {
    "ro": {
        "f": "Ioana Maria Elena Andreea Alexandra Mihaela Florentina Georgiana Nicoleta Ionela "
        "Roxana Ramona Denisa Alina Cristina Larisa Ștefania Bianca Luminița Violeta",
        "m": "Ion Gheorghe Constantin Marian Florin Ionuț Alexandru Mihai Cătălin Costel Daniel "
        "Adrian Vasile Nicușor Ștefan Petrică",
        "fam": "Popescu Ionescu Popa Radu Stan Stoica Dumitru Munteanu Constantin Ștefan Lungu "
        "Zamfir Dinu Marin Tănase Căldăraru Rădulescu Ciobanu Mocanu Florea Ene Niță Voicu "
        "Dobre Bălan Țurcanu Sârbu Chiriță",
    },
    "bg": {
        "f": "Мария Ивана Елена Десислава Цветелина Гергана Йорданка Радка Снежана Живка Росица "
        "Стефка Величка Николина Петя Айше",
        "m": "Иван Георги Димитър Христо Николай Стоян Петър Асен Юсеин Тодор Атанас Цветан",
        "fam_m": "Иванов Георгиев Димитров Петров Николов Христов Стоянов Тодоров Атанасов "
        "Йорданов Жеков Цанков Юсеинов Асенов Костадинов Шишков",
        "fam_f": "Иванова Георгиева Димитрова Петрова Николова Христова Стоянова Тодорова "
        "Атанасова Йорданова Жекова Цанкова Юсеинова Асенова Костадинова Шишкова",
    },
    "hu": {
        "f": "Erzsébet Katalin Zsuzsanna Ágnes Éva Andrea Krisztina Anita Mónika Szilvia Tímea "
        "Renáta Bernadett Nikolett Dzsenifer",
        "m": "László István Zoltán József Gábor Attila Sándor Tamás Ferenc János Béla Győző",
        "fam": "Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Lakatos "
        "Oláh Rostás Papp Takács Juhász Sárközi Fekete Lőrinc",
    },
    "pl": {
        "f": "Anna Katarzyna Małgorzata Agnieszka Joanna Magdalena Monika Ewa Justyna Beata "
        "Żaneta Paulina",
        "m": "Piotr Krzysztof Tomasz Paweł Marcin Michał Łukasz Grzegorz Jarosław Dariusz",
        "fam_m": "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński "
        "Szymański Woźniak Dąbrowski Kozłowski Mazur Krawczyk Grabowski Pawłowski",
        "fam_f": "Nowak Kowalska Wiśniewska Wójcik Kowalczyk Kamińska Lewandowska Zielińska "
        "Szymańska Woźniak Dąbrowska Kozłowska Mazur Krawczyk Grabowska Pawłowska",
    },
    "cs": {
        "f": "Jana Petra Lucie Kateřina Tereza Veronika Michaela Markéta Zdeňka",
        "m": "Jan Petr Tomáš Jiří Martin Pavel Lukáš Zdeněk",
        "fam_m": "Novák Svoboda Dvořák Černý Procházka Kučera Veselý Horák Růžička Kolář",
        "fam_f": "Nováková Svobodová Dvořáková Černá Procházková Kučerová Veselá Horáková "
        "Růžičková Kolářová",
    },
    "sk": {
        "f": "Mária Zuzana Martina Lucia Katarína Simona Veronika Ivana",
        "m": "Peter Martin Jozef Ján Marek Tomáš Milan Dušan",
        "fam_m": "Horváth Kováč Varga Tóth Nagy Baláž Szabó Lukáč Oláh Gažo",
        "fam_f": "Horváthová Kováčová Vargová Tóthová Nagyová Balážová Szabóová Lukáčová "
        "Oláhová Gažová",
    },
    "de": {
        "f": "Anna Julia Laura Sarah Lisa Katharina Jessica Jennifer Sabine Jana Lea Jülide",
        "m": "Lukas Jan Tobias Michael Daniel Stefan Thomas Jörg Jürgen Kevin",
        "fam": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
        "Schäfer Koch Krüger Größer Köhler Weiß",
    },
    "fr": {
        "f": "Camille Léa Manon Chloé Océane Emma Inès Sarah Marie Mélanie Anaïs Laëtitia",
        "m": "Lucas Hugo Théo Nicolas Julien Kévin Mathieu Jérôme Maxime Rémi",
        "fam": "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Lefèvre "
        "Fournier Girard Lemaître Gauthier Bonnet",
    },
    "nl": {
        "f": "Emma Sanne Lisa Anouk Fleur Daphne Sophie Naomi Romy Kim Esmée Chantal",
        "m": "Daan Sem Bram Thijs Jeroen Ruben Kevin Mohamed Dennis Joris",
        "fam": "de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit "
        "Meijer de_Boer Mulder de_Groot Bos Vos Peters",
    },
    "it": {
        "f": "Giulia Francesca Chiara Sara Martina Valentina Alessia Federica Elisa Jessica",
        "m": "Marco Alessandro Luca Giuseppe Francesco Andrea Matteo Davide Nicolò Simone",
        "fam": "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno "
        "Gallo Conti De_Luca Costa D'Angelo",
    },
    "es": {
        "f": "María Lucía Paula Laura Marta Andrea Carmen Cristina Nerea Yésica Ainhoa",
        "m": "José Antonio Manuel Francisco David Javier Daniel Jesús Sergio Iñigo",
        "fam": "García González Rodríguez Fernández López Martínez Sánchez Pérez Gómez Martín "
        "Jiménez Ruiz Hernández Díaz Muñoz Peña",
    },
    "pt": {
        "f": "Ana Maria Beatriz Mariana Inês Joana Sofia Carla Juliana Luísa Fernanda Conceição",
        "m": "João José Pedro Tiago Rui Diogo Paulo Luís Gonçalo Thiago",
        "fam": "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa "
        "Fernandes Gonçalves Gomes Lopes Marques Araújo",
    },
    "el": {
        "f": "Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Δέσποινα Χριστίνα",
        "m": "Γεώργιος Ιωάννης Κωνσταντίνος Δημήτριος Νικόλαος Παναγιώτης Χρήστος",
        "fam_m": "Παπαδόπουλος Παπαδάκης Γεωργίου Νικολάου Οικονόμου Παπανικολάου Βασιλείου "
        "Αθανασίου Κωνσταντινίδης",
        "fam_f": "Παπαδοπούλου Παπαδάκη Γεωργίου Νικολάου Οικονόμου Παπανικολάου Βασιλείου "
        "Αθανασίου Κωνσταντινίδου",
    },
    "lt": {
        "f": "Rūta Jurgita Kristina Agnė Eglė Laura Giedrė Ieva",
        "m": "Jonas Tomas Mantas Darius Žydrūnas Andrius Vytautas",
        "fam_m": "Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus "
        "Paulauskas",
        "fam_f": "Kazlauskienė Jankauskaitė Petrauskienė Stankevičiūtė Vasiliauskienė "
        "Žukauskaitė Butkienė Paulauskaitė",
    },
    "lv": {
        "f": "Anna Kristīne Laura Līga Inese Ilze Jeļena Marija",
        "m": "Jānis Andris Mārtiņš Edgars Aleksandrs Sergejs",
        "fam_m": "Bērziņš Kalniņš Ozoliņš Jansons Liepiņš Krūmiņš Ivanovs Petrovs",
        "fam_f": "Bērziņa Kalniņa Ozoliņa Jansone Liepiņa Krūmiņa Ivanova Petrova",
    },
    "et": {
        "f": "Kristiina Mari Triin Kätlin Jelena Olga",
        "m": "Martin Andres Jüri Rasmus Sergei",
        "fam": "Tamm Saar Sepp Mägi Kask Kukk Ivanov Rebane Ilves Pärn",
    },
    "hr": {
        "f": "Ana Ivana Marija Petra Maja Lucija Željka Snježana",
        "m": "Ivan Marko Josip Luka Tomislav Dražen Željko",
        "fam": "Horvat Kovačević Babić Marić Jurić Novak Knežević Vuković Marković Petrović",
    },
    "sl": {
        "f": "Maja Nina Špela Mojca Nataša Urška",
        "m": "Luka Matej Žiga Marko Aleš Boštjan",
        "fam": "Novak Horvat Krajnc Zupančič Kovačič Potočnik Mlakar Vidmar",
    },
    "sv": {
        "f": "Anna Emma Sara Maja Linnéa Ida Johanna Åsa",
        "m": "Erik Lars Anders Johan Björn Oskar Mikael",
        "fam": "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Lindström "
        "Åberg",
    },
    "da": {
        "f": "Sofie Mette Camilla Louise Signe Maja",
        "m": "Mads Søren Rasmus Jesper Anders Nikolaj",
        "fam": "Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen "
        "Jørgensen",
    },
    "fi": {
        "f": "Anna Laura Johanna Sanna Minna Päivi Jenni",
        "m": "Mikko Jukka Timo Janne Matti Jyrki",
        "fam": "Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Järvinen",
    },
    "en": {
        "f": "Sarah Emma Chloe Jessica Laura Siobhán Aoife Megan Rebecca Amy",
        "m": "John David Michael James Daniel Seán Liam Ryan Thomas",
        "fam": "Smith Jones Murphy Kelly O'Brien Walsh Byrne Williams Brown Taylor O'Sullivan "
        "Camilleri Borg",
    },
}
