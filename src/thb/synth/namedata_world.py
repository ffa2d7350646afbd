"""Synthetic-name pools for non-EU origins; ``native=latin/alt`` gives transliteration variants.

Chinese pools list the family name first in native use; ``_`` stands for a space inside one name.
"""

from __future__ import annotations

WORLD: dict[str, dict[str, str]] = {
    "ng": {
        "f": "Blessing Joy Precious Favour Gift Osas Ese Chioma Ngozi Adaeze Funmilayo Esohe "
        "Happiness Mercy Peace Faith Princess Omosede Uyi Aisha",
        "m": "Emeka Chinedu Osaro Efosa Ikenna Tunde Segun Uche Nosa Godwin Sunday Musa",
        "fam": "Okafor Eze Osagie Igbinedion Okonkwo Adeyemi Obi Ogbonna Edosomwan Omoregie "
        "Uwadiae Nwachukwu Ibrahim Bello Aigbe Osayande Ehigiator Okoro Idahosa Ogunleye",
    },
    "gh": {
        "f": "Akosua Ama Abena Efua Adwoa Yaa Grace Comfort",
        "m": "Kwame Kofi Kwabena Yaw Kojo Kwaku Emmanuel",
        "fam": "Mensah Owusu Asante Boateng Osei Appiah Agyeman Darko",
    },
    "cm": {
        "f": "Brenda Nadège Solange Estelle Carine Mireille Prisca",
        "m": "Serge Hervé Achille Junior Blaise Rodrigue",
        "fam": "Mbarga Nkoulou Fotso Tchoumi Ngono Atangana Essomba Kamga Njoya",
    },
    "cn": {
        "f": "秀英=Xiuying/Hsiu-ying 丽=Li/Lee 芳=Fang 静=Jing/Ching 敏=Min 燕=Yan/Yen "
        "娟=Juan/Chuan 玲=Ling 霞=Xia/Hsia 桂英=Guiying/Kuei-ying 美玲=Meiling/Mei-ling",
        "m": "伟=Wei 强=Qiang/Chiang 磊=Lei 军=Jun/Chun 洋=Yang 勇=Yong/Yung 杰=Jie/Chieh "
        "涛=Tao 明=Ming 建华=Jianhua/Chien-hua",
        "fam": "王=Wang 李=Li/Lee 张=Zhang/Chang 刘=Liu 陈=Chen/Chan 杨=Yang 黄=Huang/Wong "
        "赵=Zhao/Chao 吴=Wu/Ng 周=Zhou/Chou 徐=Xu/Hsu 林=Lin/Lam 郑=Zheng/Cheng",
    },
    "vn": {
        "f": "Thị_Lan Thị_Hương Thị_Mai Ngọc_Anh Thị_Thu Thị_Hằng Thị_Ngọc Thu_Trang "
        "Thị_Huyền Phương_Linh",
        "m": "Văn_Nam Văn_Hùng Đức_Minh Văn_Tuấn Quang_Huy Văn_Dũng Minh_Đức Văn_Thắng",
        "fam": "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Đặng Bùi Đỗ Hồ Ngô",
    },
    "sq": {
        "f": "Ardita Elona Anisa Blerina Jonida Klodiana Ermira Dorina Mirela Enkeleda Xhesika "
        "Fatjona",
        "m": "Arben Besnik Dritan Gëzim Ilir Kujtim Artan Erion Klodian Mërgim",
        "fam": "Hoxha Shehu Kola Gjoka Dervishi Leka Çela Bushati Krasniqi Berisha Marku Prifti "
        "Xhafa Gjoni",
    },
    "uk": {
        "f": "Олена Оксана Наталія Юлія Ірина Тетяна Світлана Катерина Анастасія Вікторія "
        "Людмила Ганна",
        "m": "Олександр Андрій Сергій Дмитро Юрій Віталій Богдан Микола Олег",
        "fam_m": "Шевченко Коваленко Бондаренко Ткаченко Кравченко Мельник Шевчук Бойко "
        "Ковальчук Поліщук Лисенко Марченко Савчук Руденко",
        "fam_f": "Шевченко Коваленко Бондаренко Ткаченко Кравченко Мельник Шевчук Бойко "
        "Ковальчук Поліщук Лисенко Марченко Савчук Руденко",
    },
    "sr": {
        "f": "Јелена Милица Ивана Драгана Снежана Марија Јована Тијана",
        "m": "Милош Никола Марко Стефан Душан Зоран Дејан",
        "fam": "Јовановић Петровић Николић Марковић Ђорђевић Стојановић Илић Станковић "
        "Павловић Милошевић",
    },
    "ma": {
        "f": "فاطمة=Fatima/Fatma خديجة=Khadija/Khadidja سلمى=Salma نادية=Nadia "
        "حنان=Hanane/Hanan سناء=Sanaa/Sana مريم=Meryem/Maryam زينب=Zineb/Zaynab "
        "إيمان=Imane/Iman سكينة=Soukaina/Sukaina",
        "m": "محمد=Mohamed/Mohammed يوسف=Youssef/Yusuf أحمد=Ahmed/Ahmad عمر=Omar/Umar "
        "رشيد=Rachid/Rashid كريم=Karim/Kareem حمزة=Hamza إبراهيم=Brahim/Ibrahim "
        "سعيد=Said/Saeed",
        "fam": "العمراني=El_Amrani/Elamrani بنعلي=Benali/Ben_Ali الإدريسي=El_Idrissi/Idrissi "
        "بوزيد=Bouzid/Bouzide العلوي=Alaoui/El_Alaoui التازي=Tazi/Ettazi بناني=Bennani/Benani "
        "الفاسي=El_Fassi/Elfassi الشرقاوي=Cherkaoui/Charqaoui الحسني=El_Hassani/Hassani",
    },
    "sy": {
        "f": "فاطمة=Fatima/Fatmeh نور=Nour/Noor هبة=Hiba/Heba رنا=Rana ياسمين=Yasmin/Yasmine "
        "آية=Aya/Aya",
        "m": "محمد=Mohammad/Muhammad أحمد=Ahmad/Ahmed خالد=Khaled/Khalid عمر=Omar "
        "علي=Ali مصطفى=Mustafa/Moustafa",
        "fam": "الأحمد=Al-Ahmad/Alahmad الحسن=Al-Hassan/Alhasan حمدان=Hamdan "
        "الخطيب=Al-Khatib/Alkhateeb المصري=Al-Masri/Elmasry",
    },
    "af": {
        "f": "زهرا=Zahra/Zahraa فریبا=Fariba مریم=Maryam/Mariam شکیلا=Shakila/Shakeela",
        "m": "احمد=Ahmad/Ahmed محمد=Mohammad/Mohammed علی=Ali رحیم=Rahim/Raheem جاوید=Jawid/Javed",
        "fam": "احمدی=Ahmadi/Ahmady حسینی=Hosseini/Husaini رحیمی=Rahimi/Raheemi "
        "نوری=Noori/Nuri محمدی=Mohammadi/Mohamadi",
    },
    "th": {
        "f": "ศิริพร=Siriporn/Siriphon สมใจ=Somjai/Somchai นภา=Napa/Naphaa "
        "วันเพ็ญ=Wanpen/Wanphen กาญจนา=Kanchana/Kanjana",
        "m": "สมชาย=Somchai/Somchay ประเสริฐ=Prasert/Prasoet",
        "fam": "สุขสวัสดิ์=Suksawat/Sooksawat แก้วมณี=Kaewmanee/Kaeomani "
        "ศรีสุข=Srisuk/Sisuk บุญมา=Boonma/Bunma",
    },
    "er": {
        "f": "ሰላም=Selam/Salam ሳባ=Saba ሄለን=Helen ፍዮሪ=Fiori/Fyori ሉዋም=Luwam/Luam",
        "m": "ዳዊት=Dawit/Dawid ዮናስ=Yonas/Jonas ሚካኤል=Mikael/Michael",
        "fam": "ተኽለ=Tekle/Tecle ገብረ=Gebre/Ghebre ሃይለ=Haile/Hayle ተስፋይ=Tesfay/Tesfai",
    },
    "tr": {
        "f": "Ayşe Fatma Emine Zeynep Elif Özlem Gülşen",
        "m": "Mehmet Mustafa Ahmet Ali Hüseyin İbrahim",
        "fam": "Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın",
    },
    "in": {
        "f": "Priya Pooja Anjali Sunita Kavita Manpreet Harpreet",
        "m": "Rahul Amit Sandeep Gurpreet Rajesh Vijay",
        "fam": "Singh Kumar Sharma Kaur Patel Gill Das Yadav",
    },
    "pk": {
        "f": "Ayesha Fatima Sana Nadia Rabia",
        "m": "Muhammad Ali Imran Bilal Usman Asif",
        "fam": "Khan Ahmed Hussain Butt Malik Chaudhry Iqbal",
    },
    "bd": {
        "f": "Nusrat Fatema Sharmin Rokeya",
        "m": "Mohammad Abdul Rahim Shahid Kamal",
        "fam": "Islam Rahman Hossain Ahmed Akter Uddin Begum",
    },
    "ph": {
        "f": "Maria_Cristina Jocelyn Marites Rowena Lovely Jennifer",
        "m": "Jose Mark Jomar Rodel Ricardo",
        "fam": "Santos Reyes Cruz Bautista Dela_Cruz Garcia Mendoza Villanueva",
    },
}
