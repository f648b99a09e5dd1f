import type { Country } from '@ccp/policy-core';
import { ApiProperty } from '@nestjs/swagger';

const KINDS = ['state', 'district', 'territory', 'province'] as const;

/** A region of CNS-1, as policy-core's table has it. */
export class ConsentRegionDto {
  @ApiProperty({ example: 'CA', description: 'Two letters: what `consent.regions` and `call.customerRegion` take' })
  code: string;

  @ApiProperty({ example: 'California' })
  name: string;

  @ApiProperty({ enum: ['US', 'CA'], description: 'US or Canada' })
  country: Country;

  @ApiProperty({ enum: KINDS, description: 'A US state, the District of Columbia, a US territory, or a Canadian province or territory' })
  kind: (typeof KINDS)[number];

  @ApiProperty({ description: "On the product's default all-party list (CNS-2, GLB-1): every party must consent to a recording" })
  allPartyByDefault: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Courts split on whether a participant may record without the others (Sullivan v. Gray held a participant may; MCL 750.539c).',
    description:
      'Why sources disagree whether it is all-party (such regions are on the default list: the strictest reading); null when they agree',
  })
  disputed: string | null;

  @ApiProperty({
    type: [String],
    example: ['209', '213', '310', '415'],
    description:
      'Its NANP area codes, ascending (CNS-1: a customer number is placed by its area code); a code several regions share is listed for each',
  })
  areaCodes: string[];
}

/** `GET /consent/regions`. */
export class ConsentRegionsDto {
  @ApiProperty({
    type: [ConsentRegionDto],
    description: 'Every region: US states, DC and territories, then Canadian provinces and territories, by code',
  })
  items: ConsentRegionDto[];
}
