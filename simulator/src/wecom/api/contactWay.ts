import { z } from 'zod';
import { ApiError, type ApiDef } from '../../core/errcodeApi';
import { randomHex } from '../../core/ids';
import type { Sim } from '../../core/sim';
import { parseWith } from '../../core/validate';
import type { ContactWay } from '../../core/world';

const addSchema = z.object({
  type: z.union([z.literal(1), z.literal(2)]),
  scene: z.union([z.literal(1), z.literal(2)]),
  style: z.number().int().optional(),
  remark: z.string().max(30).optional(),
  skip_verify: z.boolean().optional(),
  state: z.string().max(30).optional(),
  user: z.array(z.string()).optional(),
  party: z.array(z.number().int()).optional(),
  is_temp: z.boolean().optional(),
  expires_in: z.number().int().positive().optional(),
  chat_expires_in: z.number().int().positive().optional(),
  unionid: z.string().optional(),
  is_exclusive: z.boolean().optional(),
  conclusions: z.record(z.string(), z.unknown()).optional(),
});

const configIdSchema = z.object({ config_id: z.string().min(1) });

export function contactWayJson(w: ContactWay): Record<string, unknown> {
  return {
    config_id: w.configId,
    type: w.type,
    scene: w.scene,
    ...(w.style !== undefined ? { style: w.style } : {}),
    remark: w.remark,
    skip_verify: w.skipVerify,
    state: w.state,
    ...(w.qrCode ? { qr_code: w.qrCode } : {}),
    user: w.users,
    party: w.parties,
    is_temp: w.isTemp,
    ...(w.expiresIn !== undefined ? { expires_in: w.expiresIn } : {}),
  };
}

export function contactWayApis(sim: Sim): Record<string, ApiDef> {
  return {
    'externalcontact/add_contact_way': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(addSchema, body);
        const users = req.user ?? [];
        const parties = req.party ?? [];
        if (users.length === 0 && parties.length === 0) throw new ApiError(40058, 'user and party are both empty');
        if (req.type === 1 && (users.length !== 1 || parties.length > 0)) throw new ApiError(40058, 'type 1 takes exactly one user');
        for (const u of users) {
          const user = sim.world.users.get(u);
          if (!user) throw new ApiError(40003, u);
          if (!user.customerContact) throw new ApiError(60011, `${u} has no customer-contact permission`);
        }
        for (const p of parties) if (!sim.world.departments.has(p)) throw new ApiError(60123, String(p));
        const configId = randomHex(32);
        const way: ContactWay = {
          configId,
          type: req.type,
          scene: req.scene,
          style: req.style,
          remark: req.remark ?? '',
          skipVerify: req.skip_verify ?? true,
          state: req.state ?? '',
          users,
          parties,
          isTemp: req.is_temp ?? false,
          expiresIn: req.is_temp ? (req.expires_in ?? 7 * 86400) : undefined,
          // Only the QR-code scene gets a picture URL; it is a placeholder on the real CDN host pattern.
          qrCode: req.scene === 2 ? `https://wework.qpic.cn/wwpic/sim_${configId}/0` : undefined,
          createdAt: sim.clock.nowSeconds(),
        };
        sim.world.contactWays.set(configId, way);
        return { config_id: configId, ...(way.qrCode ? { qr_code: way.qrCode } : {}) };
      },
    },
    'externalcontact/get_contact_way': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(configIdSchema, body);
        const way = sim.world.contactWays.get(req.config_id);
        if (!way) throw new ApiError(40058, 'invalid config_id');
        return { contact_way: contactWayJson(way) };
      },
    },
    'externalcontact/del_contact_way': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(configIdSchema, body);
        if (!sim.world.contactWays.delete(req.config_id)) throw new ApiError(40058, 'invalid config_id');
        return {};
      },
    },
  };
}
