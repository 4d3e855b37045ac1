/**
 * The countries of the world's larger cities, so a listing that says only "London" or "Berlin,
 * DE" is known to be in the United Kingdom or Germany. Folded names (lower case, no accents), one
 * country per line: a city whose name a larger one elsewhere shares is listed under the larger.
 */
const TABLE = `
united states: new york, los angeles, chicago, houston, phoenix, philadelphia, san antonio, san diego,
  dallas, san jose, austin, jacksonville, fort worth, columbus, charlotte, san francisco, indianapolis,
  seattle, denver, washington, boston, nashville, detroit, oklahoma city, portland, las vegas,
  memphis, louisville, baltimore, milwaukee, albuquerque, tucson, fresno, sacramento, kansas city,
  atlanta, miami, raleigh, omaha, minneapolis, tulsa, cleveland, oakland, tampa, new orleans,
  pittsburgh, cincinnati, st louis, salt lake city, palo alto, mountain view, sunnyvale, menlo park,
  redwood city, santa clara, cupertino, irvine, boulder, durham, ann arbor, arlington, reston,
  round rock, hopkinton, brooklyn, manhattan, jersey city, hoboken, scottsdale, plano, orlando
canada: toronto, montreal, vancouver, calgary, edmonton, ottawa, winnipeg, quebec city, waterloo,
  mississauga, halifax, victoria
mexico: mexico city, guadalajara, monterrey, tijuana, puebla
brazil: sao paulo, rio de janeiro, brasilia, belo horizonte, curitiba, porto alegre, recife,
  florianopolis, campinas
argentina: buenos aires, cordoba, rosario, mendoza
colombia: bogota, medellin, cali, barranquilla
chile: santiago
peru: lima
uruguay: montevideo
united kingdom: london, manchester, birmingham, edinburgh, glasgow, leeds, liverpool, bristol,
  sheffield, newcastle, nottingham, belfast, cardiff, leicester, brighton, reading, oxford, cambridge,
  milton keynes, southampton, aberdeen, coventry
ireland: dublin, cork, galway, limerick
germany: berlin, munich, hamburg, frankfurt, cologne, stuttgart, dusseldorf, leipzig, dortmund,
  essen, bremen, dresden, hanover, nuremberg, bonn, karlsruhe, mannheim, heidelberg, munchen, koln
france: paris, marseille, lyon, toulouse, nice, nantes, strasbourg, montpellier, bordeaux, lille,
  rennes, grenoble, sophia antipolis
netherlands: amsterdam, rotterdam, the hague, utrecht, eindhoven, groningen, delft
belgium: brussels, antwerp, ghent, leuven, bruxelles
switzerland: zurich, geneva, basel, lausanne, bern, zug
austria: vienna, graz, linz, salzburg, wien
spain: madrid, barcelona, valencia, seville, malaga, bilbao, zaragoza
portugal: lisbon, porto, braga, lisboa
italy: rome, milan, naples, turin, florence, bologna, genoa, milano, roma
denmark: copenhagen, aarhus
sweden: stockholm, gothenburg, malmo, uppsala
norway: oslo, bergen, trondheim
finland: helsinki, espoo, tampere
iceland: reykjavik
poland: warsaw, krakow, wroclaw, gdansk, poznan, lodz, katowice
czechia: prague, brno
slovakia: bratislava
hungary: budapest
romania: bucharest, cluj napoca, iasi, timisoara
bulgaria: sofia, plovdiv
greece: athens, thessaloniki
croatia: zagreb, split
serbia: belgrade, novi sad
slovenia: ljubljana
estonia: tallinn, tartu
latvia: riga
lithuania: vilnius, kaunas
ukraine: kyiv, kiev, kharkiv, lviv, odesa, dnipro
luxembourg: luxembourg
malta: valletta
cyprus: nicosia, limassol
turkey: istanbul, ankara, izmir
israel: tel aviv, jerusalem, haifa, herzliya
united arab emirates: dubai, abu dhabi
saudi arabia: riyadh, jeddah
qatar: doha
egypt: cairo, alexandria
nigeria: lagos, abuja
kenya: nairobi
south africa: johannesburg, cape town, durban, pretoria
morocco: casablanca, rabat
ghana: accra
india: bangalore, bengaluru, mumbai, delhi, new delhi, hyderabad, chennai, pune, kolkata, ahmedabad,
  gurgaon, gurugram, noida, jaipur, kochi
pakistan: karachi, lahore, islamabad
bangladesh: dhaka
sri lanka: colombo
china: beijing, shanghai, shenzhen, guangzhou, hangzhou, chengdu, nanjing, wuhan, xian, suzhou
hong kong: hong kong
taiwan: taipei, hsinchu
japan: tokyo, osaka, yokohama, kyoto, nagoya, fukuoka, sapporo
south korea: seoul, busan, pangyo
singapore: singapore
malaysia: kuala lumpur, penang
thailand: bangkok
vietnam: ho chi minh city, hanoi
philippines: manila, makati, cebu
indonesia: jakarta, bandung
australia: sydney, melbourne, brisbane, perth, adelaide, canberra
new zealand: auckland, wellington, christchurch
`;

/** Folded city -> folded country. */
export const CITY_COUNTRIES: ReadonlyMap<string, string> = new Map(
  TABLE.split(/\n(?=\S)/)
    .filter((block) => block.includes(':'))
    .flatMap((block) => {
      const [country, cities] = block.split(':') as [string, string];
      return cities
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
        .map((city): [string, string] => [city, country.trim()]);
    }),
);
