// The icons a manifest may name (`MENU_ICONS` in contracts, which the app store warns against): each is part of the
// shell's first paint (docs/quality.md P3). `icons.tsx` reads them as one namespace object.
export {
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  ContactsOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  HomeOutlined,
  IdcardOutlined,
  ProfileOutlined,
  SearchOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserOutlined,
} from '@ant-design/icons';
