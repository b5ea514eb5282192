/** The public verification page's words, in the app's seven languages (the page has no app to translate it). */
export const PAGE_LANGUAGES = ['en', 'pl', 'lt', 'hu', 'ro', 'cs', 'fi'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export interface CertificatePageText {
  readonly title: string;
  readonly intro: string;
  readonly codeLabel: string;
  readonly check: string;
  readonly valid: string;
  readonly holder: string;
  readonly noFullName: string;
  readonly completed: string;
  /** The same for the CPD course of tutors and facilitators. */
  readonly completedCpd: string;
  readonly network: string;
  readonly facilitators: string;
  readonly issuer: string;
  readonly issuerName: string;
  readonly unknown: string;
  readonly withdrawn: string;
  readonly malformed: string;
  readonly tooMany: string;
}

export const CERTIFICATE_PAGE_TEXT: Record<PageLanguage, CertificatePageText> = {
  en: {
    title: 'Check an ME2ME certificate',
    intro: 'Type the code printed on the certificate, for example K7QM-2XD9-PRT4.',
    codeLabel: 'Certificate code',
    check: 'Check',
    valid: 'This certificate is genuine.',
    holder: 'Holder',
    noFullName: '{name} (user name; no full name given)',
    completed: 'Completed the induction to pedagogy (four facilitated workshops) on',
    completedCpd: 'Completed the CPD course for VET tutors and facilitators (three facilitated sessions) on',
    network: 'Peer network',
    facilitators: 'Facilitators',
    issuer: 'Issued by',
    issuerName: 'ME2ME partnership, ME2ME Learn',
    unknown: 'No certificate has this code. Check the code, or ask the holder for a new copy.',
    withdrawn: 'This certificate was withdrawn: the attendance it rested on was corrected.',
    malformed: 'A certificate code has 12 letters and digits, like K7QM-2XD9-PRT4.',
    tooMany: 'Too many checks from this address. Wait a minute and try again.',
  },
  pl: {
    title: 'Sprawdź certyfikat ME2ME',
    intro: 'Wpisz kod wydrukowany na certyfikacie, na przykład K7QM-2XD9-PRT4.',
    codeLabel: 'Kod certyfikatu',
    check: 'Sprawdź',
    valid: 'Ten certyfikat jest prawdziwy.',
    holder: 'Posiadacz',
    noFullName: '{name} (nazwa użytkownika; nie podano imienia i nazwiska)',
    completed: 'Ukończył(a) wprowadzenie do pedagogiki (cztery warsztaty z facylitatorem) dnia',
    completedCpd: 'Ukończył(a) kurs doskonalenia zawodowego dla tutorów i prowadzących (trzy spotkania z prowadzącym) dnia',
    network: 'Sieć wsparcia',
    facilitators: 'Facylitatorzy',
    issuer: 'Wydał',
    issuerName: 'Partnerstwo ME2ME, ME2ME Learn',
    unknown: 'Żaden certyfikat nie ma tego kodu. Sprawdź kod albo poproś posiadacza o nową kopię.',
    withdrawn: 'Ten certyfikat został wycofany: poprawiono obecności, na których się opierał.',
    malformed: 'Kod certyfikatu ma 12 liter i cyfr, na przykład K7QM-2XD9-PRT4.',
    tooMany: 'Zbyt wiele sprawdzeń z tego adresu. Poczekaj minutę i spróbuj ponownie.',
  },
  lt: {
    title: 'Patikrinkite ME2ME pažymėjimą',
    intro: 'Įveskite pažymėjime išspausdintą kodą, pavyzdžiui, K7QM-2XD9-PRT4.',
    codeLabel: 'Pažymėjimo kodas',
    check: 'Tikrinti',
    valid: 'Šis pažymėjimas tikras.',
    holder: 'Turėtojas',
    noFullName: '{name} (naudotojo vardas; vardas ir pavardė nenurodyti)',
    completed: 'Baigė įvadą į pedagogiką (keturi moderuojami seminarai)',
    completedCpd: 'Baigė kvalifikacijos tobulinimo kursą profesijos mokytojams ir seminarų vedėjams (trys užsiėmimai su vedėju)',
    network: 'Bendraamžių tinklas',
    facilitators: 'Moderatoriai',
    issuer: 'Išdavė',
    issuerName: 'ME2ME partnerystė, ME2ME Learn',
    unknown: 'Nėra pažymėjimo su šiuo kodu. Patikrinkite kodą arba paprašykite turėtojo naujos kopijos.',
    withdrawn: 'Šis pažymėjimas atšauktas: buvo pataisyti lankomumo duomenys, kuriais jis rėmėsi.',
    malformed: 'Pažymėjimo kodą sudaro 12 raidžių ir skaitmenų, pavyzdžiui, K7QM-2XD9-PRT4.',
    tooMany: 'Per daug tikrinimų iš šio adreso. Palaukite minutę ir bandykite dar kartą.',
  },
  hu: {
    title: 'ME2ME tanúsítvány ellenőrzése',
    intro: 'Írja be a tanúsítványra nyomtatott kódot, például: K7QM-2XD9-PRT4.',
    codeLabel: 'Tanúsítvány kódja',
    check: 'Ellenőrzés',
    valid: 'Ez a tanúsítvány valódi.',
    holder: 'Tulajdonos',
    noFullName: '{name} (felhasználónév; teljes név nincs megadva)',
    completed: 'Elvégezte a pedagógiai bevezetőt (négy facilitált műhely), dátum:',
    completedCpd: 'Elvégezte a szakképzési oktatóknak és képzésvezetőknek szóló továbbképzést (három alkalom képzésvezetővel), dátum:',
    network: 'Társas tanulási hálózat',
    facilitators: 'Facilitátorok',
    issuer: 'Kiállította',
    issuerName: 'ME2ME partnerség, ME2ME Learn',
    unknown: 'Ilyen kódú tanúsítvány nincs. Ellenőrizze a kódot, vagy kérjen új másolatot a tulajdonostól.',
    withdrawn: 'Ezt a tanúsítványt visszavonták: javították a jelenléti adatokat, amelyeken alapult.',
    malformed: 'A tanúsítvány kódja 12 betűből és számjegyből áll, például: K7QM-2XD9-PRT4.',
    tooMany: 'Túl sok ellenőrzés erről a címről. Várjon egy percet, és próbálja újra.',
  },
  ro: {
    title: 'Verificați un certificat ME2ME',
    intro: 'Introduceți codul tipărit pe certificat, de exemplu K7QM-2XD9-PRT4.',
    codeLabel: 'Codul certificatului',
    check: 'Verifică',
    valid: 'Acest certificat este autentic.',
    holder: 'Titular',
    noFullName: '{name} (nume de utilizator; numele complet nu a fost dat)',
    completed: 'A absolvit introducerea în pedagogie (patru ateliere facilitate) la data de',
    completedCpd:
      'A absolvit cursul de dezvoltare profesională continuă pentru tutori și facilitatori (trei întâlniri facilitate) la data de',
    network: 'Rețeaua de colegi',
    facilitators: 'Facilitatori',
    issuer: 'Emis de',
    issuerName: 'Parteneriatul ME2ME, ME2ME Learn',
    unknown: 'Niciun certificat nu are acest cod. Verificați codul sau cereți titularului o copie nouă.',
    withdrawn: 'Acest certificat a fost retras: prezențele pe care se baza au fost corectate.',
    malformed: 'Un cod de certificat are 12 litere și cifre, de exemplu K7QM-2XD9-PRT4.',
    tooMany: 'Prea multe verificări de la această adresă. Așteptați un minut și încercați din nou.',
  },
  cs: {
    title: 'Ověřte certifikát ME2ME',
    intro: 'Zadejte kód vytištěný na certifikátu, například K7QM-2XD9-PRT4.',
    codeLabel: 'Kód certifikátu',
    check: 'Ověřit',
    valid: 'Tento certifikát je pravý.',
    holder: 'Držitel',
    noFullName: '{name} (uživatelské jméno; celé jméno nebylo uvedeno)',
    completed: 'Absolvoval(a) úvod do pedagogiky (čtyři workshopy s facilitátorem) dne',
    completedCpd: 'Absolvoval(a) kurz profesního rozvoje pro lektory odborného vzdělávání a facilitátory (tři setkání s facilitátorem) dne',
    network: 'Síť podnikatelů',
    facilitators: 'Facilitátoři',
    issuer: 'Vydal',
    issuerName: 'Partnerství ME2ME, ME2ME Learn',
    unknown: 'Žádný certifikát nemá tento kód. Zkontrolujte kód, nebo požádejte držitele o novou kopii.',
    withdrawn: 'Toto osvědčení bylo zrušeno: docházka, na které stálo, byla opravena.',
    malformed: 'Kód certifikátu má 12 písmen a číslic, například K7QM-2XD9-PRT4.',
    tooMany: 'Z této adresy přišlo příliš mnoho ověření. Počkejte minutu a zkuste to znovu.',
  },
  fi: {
    title: 'Tarkista ME2ME-todistus',
    intro: 'Kirjoita todistukseen painettu koodi, esimerkiksi K7QM-2XD9-PRT4.',
    codeLabel: 'Todistuksen koodi',
    check: 'Tarkista',
    valid: 'Tämä todistus on aito.',
    holder: 'Haltija',
    noFullName: '{name} (käyttäjänimi; koko nimeä ei ole annettu)',
    completed: 'Suoritti pedagogiikan perehdytyksen (neljä ohjattua työpajaa)',
    completedCpd: 'Suoritti ammatillisten opettajien ja ohjaajien täydennyskoulutuksen (kolme ohjattua tapaamista)',
    network: 'Vertaisverkosto',
    facilitators: 'Ohjaajat',
    issuer: 'Myöntäjä',
    issuerName: 'ME2ME-kumppanuus, ME2ME Learn',
    unknown: 'Tällä koodilla ei löydy todistusta. Tarkista koodi tai pyydä haltijalta uusi kopio.',
    withdrawn: 'Tämä todistus on peruttu: läsnäolomerkintöjä, joihin se perustui, on korjattu.',
    malformed: 'Todistuksen koodissa on 12 kirjainta ja numeroa, esimerkiksi K7QM-2XD9-PRT4.',
    tooMany: 'Tästä osoitteesta on tullut liikaa tarkistuksia. Odota minuutti ja yritä uudelleen.',
  },
};
