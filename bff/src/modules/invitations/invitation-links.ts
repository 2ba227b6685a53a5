import type { Config } from '../../config/config';

/** What issuing and checking invitation links needs from configuration. */
export interface InvitationLinks {
  signingKey: Buffer;
  ttlDays: number;
  /** Where customers' browsers reach the BFF and the H5 pages (no trailing slash). */
  publicBaseUrl: string;
}

export function invitationLinksFrom(c: Config): InvitationLinks {
  return { signingKey: c.invitationSigningKey, ttlDays: c.INVITATION_TTL_DAYS, publicBaseUrl: c.PUBLIC_BASE_URL };
}

/** The H5 page (hash router, subpackage `verify`). */
export function verifyPageUrl(links: InvitationLinks, params: Record<string, string>): string {
  return `${links.publicBaseUrl}/#/verify/pages/index?${new URLSearchParams(params).toString()}`;
}

export const INVITATION_CARD_IMAGE = '/static/verify-card.png';

export function invitationCard(links: InvitationLinks, url: string, advisorName: string) {
  return {
    title: '邀请您完成实名认证',
    desc: `您的专属客户经理${advisorName}邀请您完成实名认证，认证后可获得更贴心的专属服务。`,
    imgUrl: `${links.publicBaseUrl}${INVITATION_CARD_IMAGE}`,
    link: url,
  };
}
