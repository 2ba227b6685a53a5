import { ApiError, type ApiDef } from '../../core/errcodeApi';
import type { Sim } from '../../core/sim';
import type { Department } from '../../core/world';

export function orgApis(sim: Sim): Record<string, ApiDef> {
  return {
    'user/get': {
      method: 'GET',
      handle: ({ query }) => {
        const userid = query('userid');
        if (!userid) throw new ApiError(40003);
        const u = sim.world.users.get(userid);
        if (!u) throw new ApiError(60111);
        // Apps created after 2022-06-20 no longer receive avatar, gender, mobile, email or address here.
        return {
          userid: u.userid,
          name: u.name,
          department: u.department,
          position: u.position,
          is_leader_in_dept: u.isLeaderInDept,
          direct_leader: u.directLeader,
          main_department: u.mainDepartment,
          status: u.status,
        };
      },
    },
    'department/list': {
      method: 'GET',
      handle: ({ query }) => {
        const idParam = query('id');
        const all = [...sim.world.departments.values()];
        let selected: Department[] = all;
        if (idParam !== undefined && idParam !== '') {
          const rootId = Number(idParam);
          if (!Number.isInteger(rootId) || !sim.world.departments.has(rootId)) throw new ApiError(60123);
          const ids = new Set([rootId]);
          // Walk down: the subtree of `id`, including itself.
          for (let grew = true; grew; ) {
            grew = false;
            for (const d of all) if (!ids.has(d.id) && ids.has(d.parentId)) { ids.add(d.id); grew = true; }
          }
          selected = all.filter((d) => ids.has(d.id));
        }
        return {
          department: selected
            .sort((a, b) => a.id - b.id)
            .map((d) => ({
              id: d.id,
              name: d.name,
              ...(d.nameEn ? { name_en: d.nameEn } : {}),
              department_leader: d.leaders,
              parentid: d.parentId,
              order: d.order,
            })),
        };
      },
    },
  };
}
