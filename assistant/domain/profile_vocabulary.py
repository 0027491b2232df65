"""Word lists that read a manager's typed answers, in French and English.

Phrases are written folded (lower case, no accents) and separated by commas; ``profile_matching``
folds them again on use, so a plural or an accent typed by the user still matches.
"""

from __future__ import annotations

from typing import Final

from assistant.domain.catalogue import Text

SECTOR_WORDS: Final = {
    "industry": "industrie, industriel, industrielle, usine, fabrication, fabricant, manufacture, plasturgie, "
    "metallurgie, mecanique, manufacturing, manufacturer, industry, industrial, factory",
    "retail": "commerce, commercant, distribution, distributeur, magasin, boutique, negoce, grossiste, "
    "vente au detail, e commerce, retail, retailer, shop, store, wholesale, wholesaler",
    "services": "service, services aux entreprises, conseil, cabinet, agence, bureau d etudes, expertise comptable, "
    "consulting, consultancy, agency, business services, professional services",
    "construction": "btp, batiment, travaux publics, genie civil, chantier, gros oeuvre, second oeuvre, "
    "construction, building, builder, civil engineering",
    "health_social": "sante, medico social, medical, medicale, ehpad, clinique, hopital, soins, aide a domicile, "
    "cabinet medical, health, healthcare, care home, nursing home, clinic, hospital, social care",
    "hospitality": "hotel, hotellerie, restaurant, restauration, tourisme, camping, cafe, bar, traiteur, "
    "hotellerie restauration, hospitality, tourism, catering",
    "transport": "transport, transporteur, logistique, entrepot, demenagement, logistics, haulage, freight, "
    "trucking, warehousing, shipping",
    "training": "formation, organisme de formation, centre de formation, ecole, enseignement, cfa, training, "
    "training provider, school, education, e learning",
    "agrifood": "agroalimentaire, agro alimentaire, agro, alimentaire, agricole, agriculture, boulangerie, "
    "agri food, agrifood, food, food processing, food industry, farming",
}
GENERIC_SECTORS: Final = ("industry", "services")  # dropped when a more specific sector is also named
GOAL_WORDS: Final = {
    "growth": "croissance, croitre, grandir, developpement, developper, chiffre d affaires, plus de clients, "
    "growth, grow, growing, expand, expansion, revenue, more customers, scale",
    "international": "international, internationale, export, exporter, etranger, a l etranger, abroad, overseas",
    "cost": "cout, reduction, reduire, reduction des couts, economie, rentabilite, marge, productivite, efficacite, "
    "depenses, cost, cost reduction, savings, save money, cut costs, efficiency, productivity, profitability",
    "quality": "qualite, satisfaction, satisfaction client, fiabilite, excellence, quality, customer satisfaction, "
    "reliability",
}
RISK_WORDS: Final = {
    "low": "faible, bas, basse, prudent, prudente, prudence, frileux, frileuse, conservateur, pas de risque, "
    "aucun risque, peu de risque, low, cautious, careful, conservative, risk averse, safe",
    "medium": "moyen, moyenne, modere, moderee, mesure, mesuree, raisonnable, equilibre, equilibree, "
    "intermediaire, entre les deux, medium, moderate, balanced, average, reasonable, middle, in between",
    "high": "eleve, elevee, fort, forte, haut, haute, audacieux, audacieuse, ambitieux, ambitieuse, offensif, "
    "pret a prendre des risques, high, bold, aggressive, ambitious, daring, risk taker",
}
FUNCTION_WORDS: Final = {
    "admin_finance": "comptabilite, compta, comptable, finance, financier, administratif, administration, "
    "facturation, tresorerie, controle de gestion, accounting, accounts, admin, administrative, billing, "
    "bookkeeping",
    "sales_marketing": "vente, commercial, commerciale, commerciaux, marketing, communication, prospection, "
    "sales, selling, business development",
    "customer_service": "sav, service client, service clientele, relation client, support client, accueil, "
    "hotline, service apres vente, support, customer service, customer support, after sales",
    "hr": "rh, ressources humaines, paie, recrutement, personnel, hr, human resources, payroll, recruitment",
    "production_quality": "production, qualite, fabrication, atelier, usine, maintenance, methodes, quality, "
    "manufacturing, operations, shop floor",
    "logistics": "logistique, supply chain, approvisionnement, achats, entrepot, stock, expedition, livraison, "
    "transport, logistics, warehouse, purchasing, procurement, shipping, inventory",
    "it": "informatique, it, dsi, systeme d information, numerique, digital, reseau, support informatique, "
    "helpdesk, it support, technology, tech",
    "management": "direction, direction generale, dirigeant, management, gerance, strategie, pilotage, codir, "
    "comite de direction, leadership, executive, general management",
}
ALL_FUNCTIONS_WORDS: Final = "tout, tous, toute, toutes, tout le monde, partout, all, everything, everywhere"
FUNCTION_NAMES: Final = Text(
    fr="comptabilité-finance, ventes-marketing, service client, RH, production-qualité, logistique, "
    "informatique, direction",
    en="accounting-finance, sales-marketing, customer service, HR, production-quality, logistics, IT, management",
)
SOURCE_WORDS: Final = {
    "accounting": "compta, comptabilite, comptable, logiciel comptable, banque, bancaire, releves bancaires, "
    "accounting, bookkeeping, bank, bank feeds, ledger",
    "erp": "gestion commerciale, commandes, facturation, factures, devis, orders, invoices, invoicing",
    "crm": "fichier client, fichier prospects, base clients, prospects, customer file, customer database, contacts",
    "email": "messagerie, mail, email, courriel, outlook, gmail, agenda, calendrier, visio, calendar",
    "documents": "document, ged, fichiers, dossiers partages, serveur de fichiers, sharepoint, drive, bureautique, "
    "contrats, procedures, modeles, word, office documents, files, shared drive, contracts",
    "website_social": "site, site web, site internet, boutique en ligne, reseaux sociaux, website, web, "
    "social media, online shop, linkedin, facebook, instagram",
    "support_tickets": "sav, tickets, reclamations, demandes clients, service client, support tickets, complaints, "
    "customer requests, after sales",
    "hr_records": "sirh, paie, rh, dossiers du personnel, hris, payroll, hr, personnel files",
    "recruitment": "recrutement, candidatures, cv, ats, applications, resumes, hiring",
    "planning": "plannings, pointage, feuilles de temps, emploi du temps, schedules, scheduling, timesheets, rota",
    "machine_data": "machines, donnees machines, capteurs, automates, iot, supervision, machine data, sensors, plc",
    "quality_records": "qualite, controles, non conformites, audits, enregistrements qualite, quality, inspections",
    "images": "photos, videos, images, pictures",
    "inventory": "stock, inventaire, entrepot, wms, warehouse",
    "transport": "flotte, tms, telematique, gps, fleet, telematics",
    "sales_history": "ventes, historique des ventes, caisse, pos, e commerce, sales, sales history, tills",
    "it_systems": "informatique, systemes informatiques, journaux, logs, parc informatique, code source, it, "
    "tickets it, it tickets, source code",
    "lms": "formation, plateforme de formation, e learning, training, learning platform, training records",
}
NO_SOURCE_WORDS: Final = "pas de, pas d, aucun, aucune, sans, rien, no, none, without, don t have, do not have"
NO_BUDGET_WORDS: Final = "aucun, rien, zero, pas de budget, sans budget, no budget, none, nothing, nil"
NO_TOOLS_WORDS: Final = "aucun, aucune, rien, non, pas d outil, pas d outils, none, nothing, no, no tools"
TASK_FILLER_WORDS: Final = (
    "on nous je j me m y il elle ils we i you it they prend prends prennent prenons prenez prendre passe passons "
    "passent passez spend spends spent take takes taking environ env about around roughly approximately approx "
    "en moyenne average soit pendant pour for during qui que that which ca cela sur a au aux de du des la le les "
    "l d un une the of in on to par per each every chaque faire fait doing do avec with est is are sont c"
)
TASK_FILLERS: Final = frozenset(TASK_FILLER_WORDS.split())
NUMBER_WORDS: Final = {
    "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6,
    "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "douze": 12,
    "twelve": 12, "quinze": 15, "fifteen": 15, "vingt": 20, "twenty": 20, "trente": 30, "thirty": 30,
    "cinquante": 50, "fifty": 50, "cent": 100, "hundred": 100,
}  # fmt: skip
ABOUT_WORDS: Final = {
    "douzaine": 12, "dozen": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
    "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}  # fmt: skip
WORD_HOURS: Final = {
    "une demi heure": 0.5, "half an hour": 0.5, "une heure": 1, "an hour": 1, "one hour": 1,
    "une demi journee": 3.5, "half a day": 3.5, "une journee": 7, "un jour": 7, "one day": 7, "a full day": 7,
}  # fmt: skip
