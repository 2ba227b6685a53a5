import { FeatureTabPage } from '../../tabs/FeatureTabPage';

export default function CustomersTabPage() {
  return <FeatureTabPage tab='customers' />;
}
