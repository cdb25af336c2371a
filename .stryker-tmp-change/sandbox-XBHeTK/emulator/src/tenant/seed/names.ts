/** Organisation and people names for seeded tenants (Microsoft's own fictitious company names). */
// @ts-nocheck

export const ORGANISATIONS: readonly string[] = [
  'Contoso',
  'Fabrikam',
  'Northwind Traders',
  'Tailspin Toys',
  'Woodgrove Bank',
  'Adventure Works',
  'Litware',
  'Proseware',
  'Wingtip Toys',
  'Alpine Ski House',
  'Coho Winery',
  'Fourth Coffee',
  'Lamna Healthcare',
  'Relecloud',
  'Trey Research',
  'VanArsdel',
  'Humongous Insurance',
  'Lucerne Publishing',
  'Wide World Importers',
  'Blue Yonder Airlines',
];

export const GIVEN_NAMES: readonly string[] = [
  'Adele', 'Alex', 'Amara', 'Ben', 'Carmen', 'Chen', 'Daniel', 'Diego', 'Elena', 'Emeka', 'Fatima', 'Gabriel', 'Hana', 'Isabel',
  'Ivan', 'Jonas', 'Kavya', 'Kenji', 'Laura', 'Lucas', 'Maya', 'Mohammed', 'Nadia', 'Noah', 'Olivia', 'Omar', 'Priya', 'Quinn',
  'Rafael', 'Sara', 'Sofia', 'Tariq', 'Tom', 'Uma', 'Valentina', 'Wei', 'Yuki', 'Zara', 'Lars', 'Ines',
];

export const SURNAMES: readonly string[] = [
  'Vance', 'Wilber', 'Okafor', 'Schmidt', 'Garcia', 'Nakamura', 'Rossi', 'Dubois', 'Kowalski', 'Patel', 'Nguyen', 'Kim', 'Silva',
  'Andersen', 'Haddad', 'Murphy', 'Ivanova', 'Tanaka', 'Müller', 'Fernandes', 'Cohen', 'Novak', 'Sato', 'Iyer', 'Walker',
  'Martin', 'Lindqvist', 'Brown', 'Moreau', 'Reddy', 'Hughes', 'Costa', 'Yamamoto', 'Fischer', 'Santos', 'Larsen', 'Bianchi',
  'Mensah', 'Olsen', 'Wright',
];

export const DEPARTMENTS: readonly { department: string; titles: readonly string[] }[] = [
  { department: 'Sales', titles: ['Account Executive', 'Sales Manager', 'Inside Sales Representative'] },
  { department: 'Engineering', titles: ['Software Engineer', 'Senior Software Engineer', 'Engineering Manager'] },
  { department: 'Finance', titles: ['Financial Analyst', 'Controller', 'Accountant'] },
  { department: 'Marketing', titles: ['Marketing Manager', 'Content Strategist', 'Product Marketing Manager'] },
  { department: 'Human Resources', titles: ['HR Business Partner', 'Recruiter'] },
  { department: 'Facilities', titles: ['Workplace Manager', 'Facilities Coordinator'] },
  { department: 'Legal', titles: ['Counsel', 'Paralegal'] },
];

/** Partner domains guests come from. */
export const PARTNER_DOMAINS: readonly string[] = ['fabrikam.com', 'northwindtraders.com', 'litwareinc.com', 'tailspintoys.com', 'woodgrovebank.com'];

/** Lower-case ASCII letters and digits only, as aliases and initial `*.onmicrosoft.com` domains allow (`Müller` → `muller`). */
export function asciiLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}
