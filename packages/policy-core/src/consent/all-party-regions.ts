/**
 * The product's default all-party-consent list (CNS-2, GLB-1), kept by hand.
 *
 * The strictest reading: the regions where, as the common legal summaries put it, every party to a
 * telephone call must consent to its recording, plus the regions where those sources disagree,
 * each marked disputed with a one-line note saying why. The citations are the statutes and cases
 * the summaries name. This is a product default, not legal advice: the console tells admins to
 * consult an attorney, and admins edit their own list.
 *
 * Not on the list: the other states, DC and the US territories (one-party consent), and every
 * Canadian province and territory (one-party consent under the federal Criminal Code, s. 184(2)(a)).
 */

/** One region of the default list: its code, and why sources disagree about it (else null). */
export interface AllPartyRegion {
  readonly code: string;
  readonly disputed: string | null;
}

/** The default all-party list, codes ascending. */
export const ALL_PARTY_REGIONS: readonly AllPartyRegion[] = [
  // Cal. Penal Code s. 632 (confidential communications), s. 632.7 (cellular and cordless calls).
  { code: 'CA', disputed: null },
  // Conn. Gen. Stat. s. 52-570d: civil liability for recording a telephone call without every party's consent.
  { code: 'CT', disputed: null },
  {
    code: 'DE',
    disputed:
      'The statutes conflict: the wiretap act (11 Del. C. s. 2402) allows one-party consent, the privacy law (s. 1335) asks for all.',
  },
  // Fla. Stat. s. 934.03.
  { code: 'FL', disputed: null },
  {
    code: 'HI',
    disputed: 'One-party in general (HRS s. 803-42), but all-party where a recording device is installed in a private place (s. 711-1111).',
  },
  // 720 ILCS 5/14-2, as amended in 2014: private conversations need every party's consent.
  { code: 'IL', disputed: null },
  // Mass. Gen. Laws ch. 272, s. 99.
  { code: 'MA', disputed: null },
  // Md. Code, Cts. & Jud. Proc. s. 10-402.
  { code: 'MD', disputed: null },
  {
    code: 'MI',
    disputed:
      'Courts split on whether a participant may record without the others (Sullivan v. Gray held a participant may; MCL 750.539c).',
  },
  // Mont. Code Ann. s. 45-8-213.
  { code: 'MT', disputed: null },
  // N.H. Rev. Stat. s. 570-A:2.
  { code: 'NH', disputed: null },
  {
    code: 'NV',
    disputed:
      'Its text reads one-party, but the Nevada Supreme Court (Lane v. Allstate, 1998) read NRS 200.620 as all-party for telephone calls.',
  },
  {
    code: 'OR',
    disputed: 'All-party for in-person conversations, one-party for telephone calls (ORS 165.540).',
  },
  // 18 Pa. Cons. Stat. s. 5703, 5704.
  { code: 'PA', disputed: null },
  {
    code: 'VT',
    disputed:
      'No recording statute; the Vermont Supreme Court has held secret recording in a home unconstitutional, so some list it as all-party.',
  },
  // Rev. Code Wash. s. 9.73.030.
  { code: 'WA', disputed: null },
];
