"""Names and street names for the synthetic population, with a regional flavour per province."""

import random
from dataclasses import dataclass


def _names(listing: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in listing.split(","))


@dataclass(frozen=True, slots=True)
class NameStock:
    male: tuple[str, ...]
    female: tuple[str, ...]
    male_second: tuple[str, ...]
    female_second: tuple[str, ...]
    # Clan names a father passes to his children (common in Nusa Tenggara Timur); when set,
    # they replace the second names.
    family: tuple[str, ...] = ()


SUNDA = NameStock(
    male=_names(
        "Asep, Ujang, Dadang, Cecep, Dede, Yayan, Iwan, Agus, Deden, Engkos, Encep, Aep, "
        "Usep, Ade, Maman, Jajang, Endang, Dadan, Wawan, Acep, Yusuf, Rahmat, Hendra, "
        "Ridwan, Dedi, Iyus, Atep, Opik, Rudi, Dadi, Nanang, Odih, Oman, Eman, Cahya, "
        "Ilham, Rizal, Fajar, Gilang, Rangga, Galih, Raka, Sandi, Wahyu, Yudi, Enjang, "
        "Aang, Herman"
    ),
    female=_names(
        "Euis, Neneng, Enok, Iis, Imas, Lilis, Nining, Yati, Entin, Cucu, Ai, Eneng, "
        "Nunung, Wiwin, Titin, Yuyun, Dewi, Rina, Siti, Ela, Popon, Eti, Ani, Elis, Tati, "
        "Teti, Ida, Nia, Rini, Yanti, Neng, Resti, Sinta, Intan, Anisa, Putri, Salsa, "
        "Nabila, Citra, Fitri, Oom, Onih, Kokom, Ijah, Dedeh"
    ),
    male_second=_names(
        "Saepudin, Sopandi, Suryana, Hidayat, Kurniawan, Permana, Supriatna, Sutisna, "
        "Hermawan, Gunawan, Setiawan, Suhendar, Ruhiyat, Mulyana, Rustandi, Sumarna, "
        "Darmawan, Nugraha, Firmansyah, Kusnadi, Ramdani, Sobari, Somantri, Sudrajat, "
        "Wahyudin, Ruhimat, Nurjaman, Kosasih"
    ),
    female_second=_names(
        "Nurhayati, Kurniasih, Rohaeti, Maryati, Komalasari, Suryani, Nurjanah, Sumiati, "
        "Rahmawati, Sulastri, Mulyani, Herawati, Rosita, Fitriani, Lestari, Setiawati, "
        "Wulandari, Rohimah, Saripah, Hasanah, Nuraeni"
    ),
)

JAWA = NameStock(
    male=_names(
        "Slamet, Suparman, Sutrisno, Bambang, Budi, Joko, Agus, Sugeng, Wahyu, Eko, Dwi, "
        "Tri, Hadi, Suharto, Sukirno, Paijo, Sarno, Wagiman, Tukiman, Sumarno, Sugiyono, "
        "Darmo, Harjo, Purwanto, Supriyadi, Heru, Yanto, Sutejo, Sukardi, Parno, Warsito, "
        "Mulyono, Triyono, Ngatimin, Rudi, Aris, Yoga, Bagus, Dimas, Adi, Bayu, Aditya, "
        "Rizky, Fajar, Arif, Teguh, Wahyudi, Gatot, Sapto, Kasno, Mardi, Jumadi, Kusno"
    ),
    female=_names(
        "Sri, Siti, Sumarni, Suminah, Sulastri, Painem, Tumini, Sutini, Ngatini, Wartini, "
        "Suparmi, Sarmi, Lastri, Endang, Sumiyati, Suwarni, Darmi, Rukmini, Kartini, "
        "Yuliana, Eni, Wulan, Retno, Ratna, Dewi, Puji, Rini, Ayu, Indah, Nur, Lina, Anik, "
        "Umi, Yuli, Putri, Dian, Novita, Intan, Nadia, Aisyah, Ngadinem, Tarmi, Sukini, "
        "Partini"
    ),
    male_second=_names(
        "Santoso, Wibowo, Prasetyo, Saputro, Nugroho, Susanto, Hartono, Setiawan, Purnomo, "
        "Widodo, Sutrisno, Wijaya, Kurniawan, Hidayat, Pratama, Saputra, Sulistyo, "
        "Priyanto, Haryanto, Cahyono, Mulyono, Raharjo, Supriyanto, Budiman, Firmansyah, "
        "Utomo, Hermawan, Kusuma"
    ),
    female_second=_names(
        "Wahyuni, Lestari, Rahayu, Handayani, Suryani, Wulandari, Rahmawati, Ningsih, "
        "Astuti, Purwanti, Kurniawati, Susilowati, Setyaningsih, Hartati, Sulistyowati, "
        "Yuliani, Utami, Anggraini, Safitri, Maharani, Puspitasari, Pratiwi, Indriani, "
        "Widyastuti"
    ),
)

BUGIS = NameStock(
    male=_names(
        "Andi, Muhammad, Baso, Ambo, Haris, Syamsul, Rusdi, Jufri, Ridwan, Basri, "
        "Hasanuddin, Syahrir, Amiruddin, Nasrullah, Akbar, Firman, Irwan, Zainal, Kahar, "
        "Mansyur, Yusran, Sudirman, Hamzah, Arifin, Asri, Ilham, Fadli, Alif, Rahmat, "
        "Syarifuddin, Muhlis, Anwar, Jamaluddin, Taufik, Lukman, Saharuddin, Muhtar, "
        "Baharuddin"
    ),
    female=_names(
        "Besse, Hasnah, Nurhayati, Nurlina, Hasmawati, Ratna, Sitti, Darmawati, Kartini, "
        "Hadijah, Rosmini, Sahariah, Mardiana, Irma, Nurhaeda, Hasriani, Jumriah, "
        "Asmawati, Rismawati, Nurul, Wahida, Fatimah, Sukmawati, Risna, Nurfadillah, Ulfa, "
        "Megawati, Haslinda"
    ),
    male_second=_names(
        "Hamid, Latif, Rauf, Tahir, Malik, Syam, Amir, Said, Halim, Ramli, Ibrahim, Jalil, "
        "Rasyid, Yusuf, Majid, Sanusi, Arsyad, Salam, Mustari"
    ),
    female_second=_names(
        "Hamid, Latif, Tahir, Syam, Amir, Halim, Ramli, Ibrahim, Rasyid, Yusuf, Sanusi, "
        "Arsyad, Salam, Nur, Sari, Ningsih"
    ),
)

NTT = NameStock(
    male=_names(
        "Yohanes, Yosef, Petrus, Paulus, Fransiskus, Dominikus, Antonius, Stefanus, "
        "Markus, Lukas, Yakobus, Aloysius, Benediktus, Kornelis, Agustinus, Emanuel, "
        "Gregorius, Hendrikus, Marthen, Simon, Daniel, Yeremias, Zakarias, Rafael, "
        "Kristoforus, Obed, Mikael, Yulius, Alfons, Melkianus, Ferdinandus, Hironimus"
    ),
    female=_names(
        "Maria, Theresia, Yuliana, Agustina, Magdalena, Katarina, Veronika, Elisabeth, "
        "Margaretha, Yosefina, Fransiska, Bernadeta, Anastasia, Kristina, Regina, Martha, "
        "Adriana, Yohana, Antonia, Paulina, Sesilia, Florida, Ermelinda, Beatriks, Dorkas, "
        "Naomi, Ruth, Debora, Yasinta"
    ),
    male_second=(),
    female_second=(),
    family=_names(
        "Bere, Lado, Tefa, Manafe, Ndun, Riwu, Kana, Tallo, Seran, Nahak, Mau, Pello, "
        "Fanggidae, Bessie, Tanone, Lake, Nenobais, Taneo, Sila, Boli, Koten, Making, Ola, "
        "Wuwur, Lewar, Nuwa, Laga, Ratu, Dhey"
    ),
)

ACEH = NameStock(
    male=_names(
        "Muhammad, Teuku, Zulkifli, Fadli, Safrizal, Munawar, Mukhlis, Husaini, Zainal, "
        "Mahdi, Azhari, Iskandar, Fauzan, Khairul, Rizki, Syahrul, Nasruddin, Ridwan, "
        "Zulfikar, Hasballah, Bustami, Razali, Ilyas, Sulaiman, Taufiq, Hamdani, Saiful, "
        "Yusri, Marzuki, Irfan, Maulana"
    ),
    female=_names(
        "Cut, Nurul, Fauziah, Rahmah, Khairunnisa, Maulidar, Nurhayati, Zahra, Rosmiati, "
        "Safrina, Yusnidar, Ernawati, Mardhiah, Nurjannah, Rahmi, Zuraida, Salmiah, "
        "Rosnani, Husna, Nanda, Syarifah, Aisyah, Intan, Raudhah, Mutia"
    ),
    male_second=_names(
        "Abdullah, Ibrahim, Ismail, Yusuf, Hasan, Husen, Ahmad, Umar, Usman, Daud, Harun, "
        "Idris, Ishak, Hanafiah, Hasyim, Mahmud, Nurdin, Syahputra, Saputra"
    ),
    female_second=_names(
        "Hanum, Wati, Yanti, Fitri, Safitri, Rahmi, Sari, Aini, Zahara, Ulfa, Hayati, "
        "Nisa, Mawaddah"
    ),
)

UMUM = NameStock(
    male=_names(
        "Ahmad, Muhammad, Abdul, Rahmat, Hendra, Rudi, Andi, Dedi, Yusuf, Ilham, Irfan, "
        "Fikri, Rafi, Arya, Raka, Fauzan, Hafiz, Farhan, Naufal, Alif, Daffa, Reza, Rizal, "
        "Imam, Iqbal, Galang, Kevin"
    ),
    female=_names(
        "Siti, Nur, Aisyah, Fitri, Putri, Dewi, Ani, Rina, Lina, Yuni, Nabila, Zahra, "
        "Anisa, Salsabila, Aulia, Citra, Dinda, Amelia, Kayla, Alya, Nayla, Keisha, "
        "Azzahra, Safira, Rahma"
    ),
    male_second=_names(
        "Hidayat, Saputra, Pratama, Ramadhan, Firmansyah, Maulana, Kurniawan, Setiawan, "
        "Syahputra, Nugraha, Hakim, Rahman, Wijaya, Gunawan"
    ),
    female_second=_names(
        "Rahmawati, Lestari, Safitri, Wulandari, Ramadhani, Maharani, Aprilia, Anggraini, "
        "Puspita, Amalia, Putri, Sari, Permatasari, Oktaviani"
    ),
)

# Regional stock first; the general stock mixes in for part of the people.
STOCKS_BY_PROVINCE: dict[str, NameStock] = {
    "11": ACEH,
    "32": SUNDA,
    "33": JAWA,
    "34": JAWA,
    "35": JAWA,
    "53": NTT,
    "73": BUGIS,
}

STREETS = _names(
    "Melati, Mawar, Kenanga, Anggrek, Cempaka, Flamboyan, Dahlia, Teratai, Merdeka, "
    "Pahlawan, Sudirman, Diponegoro, Gatot Subroto, Ahmad Yani, Pemuda, Veteran, Kartini, "
    "Cut Nyak Dhien, Hasanuddin, Imam Bonjol, Pattimura, Sisingamangaraja, Raya Timur, "
    "Raya Barat, Pasar Baru, Masjid, Sekolah, Kebon Jeruk, Sawah Besar, Pelita, Nusantara, "
    "Cendana, Beringin, Kelapa Gading, Mangga, Rambutan, Durian, Manggis, Nangka, Salak"
)


def stock_for(province_code: str) -> NameStock:
    return STOCKS_BY_PROVINCE.get(province_code, UMUM)


def compose_name(rng: random.Random, stock: NameStock, female: bool, family: str | None) -> str:
    """A full name; ``family`` is the clan name inherited in the household, if any."""
    # Part of every region names its children from the general, national stock.
    given_from = UMUM if stock.family == () and rng.random() < 0.25 else stock
    given = rng.choice(given_from.female if female else given_from.male)
    if family is None and stock.family:
        family = rng.choice(stock.family)
    if family is not None:
        return f"{given} {family}"
    seconds = stock.female_second if female else stock.male_second
    if rng.random() < 0.3:
        return given
    second = rng.choice(seconds)
    return given if second == given else f"{given} {second}"
