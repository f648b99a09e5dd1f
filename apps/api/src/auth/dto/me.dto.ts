import { ApiProperty } from '@nestjs/swagger';

export class AccountFeaturesDto {
  @ApiProperty({ description: 'ACC-1: Contact Center Pro (early access) is enabled' })
  contactCenterPro: boolean;

  @ApiProperty({ description: 'ACC-1: the account has an Enterprise Hub network' })
  enterpriseHubNetwork: boolean;
}

export class AccountDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'demo' })
  slug: string;

  @ApiProperty({ example: 'Demo Plumbing & HVAC' })
  name: string;

  @ApiProperty({ type: AccountFeaturesDto })
  features: AccountFeaturesDto;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'admin@demo.test' })
  email: string;

  @ApiProperty({ example: 'Dana Admin' })
  name: string;

  @ApiProperty({ type: [String], example: ['Edit Call Recording Settings'] })
  permissions: string[];
}

/** `GET /me`: who is logged in, their account, and whether recording settings are open to them (ACC-1, ACC-2). */
export class MeDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ type: AccountDto })
  account: AccountDto;

  @ApiProperty({ description: 'ACC-1 and ACC-2 both hold: the recording settings screens are available' })
  canEditRecordingSettings: boolean;

  @ApiProperty({ description: 'ACC-1 and ACC-5 both hold: the call history is available (permission View Call History)' })
  canViewCallHistory: boolean;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'A signed bearer token: send it as "Authorization: Bearer <token>"' })
  token: string;

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({ type: MeDto })
  me: MeDto;
}
