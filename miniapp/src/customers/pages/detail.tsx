import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CustomerProfileScreen } from '../../butler/CustomerProfileScreen';
import { Card } from '../../components/Card';
import { SessionGate } from '../../components/SessionGate';
import { DemoSlot, useHasDemo } from '../../layouts/DemoSlot';
import { ROUTES } from '../../navigation/routes';
import { canRevealIdNumber, IdNumberReveal, needsCaseRef } from '../IdNumberReveal';
import '../../layouts/layout.css';
import '../customers.css';

/** One customer's profile from the 客户 list: the sidebar's profile, in a page with a way back. */
export default function CustomerDetailPage() {
  const { params } = useRouter();
  const id = params.id ? decodeURIComponent(params.id) : '';
  const back = () => {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
    else void Taro.redirectTo({ url: ROUTES.customers });
  };
  return (
    <View className={`pfs-page pfs-customer-detail${useHasDemo() ? ' pfs-page--demo' : ''}`}>
      <DemoSlot layout='tabs' />
      <View className='pfs-customer-detail__bar'>
        <Text className='pfs-customer-detail__back' onClick={back}>
          ‹ 客户列表
        </Text>
      </View>
      <View className='pfs-customer-detail__main'>
        <SessionGate>
          {(staff) =>
            id ? (
              <CustomerProfileScreen
                target={{ customerId: id }}
                extra={
                  canRevealIdNumber(staff.roles)
                    ? (profile, api) =>
                        profile.verified && profile.idNumberMasked ? (
                          <Card title='证件信息' className='pfs-customer-detail__id'>
                            <IdNumberReveal key={profile.id} api={api} customerId={profile.id} idNumberMasked={profile.idNumberMasked} caseRequired={needsCaseRef(staff.roles)} />
                          </Card>
                        ) : null
                    : undefined
                }
              />
            ) : (
              <Text>缺少客户编号</Text>
            )
          }
        </SessionGate>
      </View>
    </View>
  );
}
